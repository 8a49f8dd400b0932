import type { ApiError } from '../../../api/envelope.ts';
import type { ComponentInfo, EditResult, ModelFacts, UseCaseMatrix, UseCaseSolver } from '../../../api/useCases.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import { idle, loading, type Loadable } from './loadable.ts';
import type { Slice } from './store.ts';

/** The last edit of the matrix: what it did, or the error naming its component. */
export interface MatrixEdit {
  status: 'idle' | 'saving' | 'saved' | 'error';
  message: string | null;
  error: ApiError | null;
  /** the use case and component the edit was about */
  useCase: string | null;
  component: string | null;
}

export interface MatrixSlice {
  matrix: Loadable<UseCaseMatrix>;
  catalogue: Loadable<ComponentInfo[]>;
  selectedUseCase: string | null;
  selectedComponent: string | null;
  /** a disabled component whose required parameters the user is asked for before it is enabled */
  enablingComponent: string | null;
  facts: Loadable<ModelFacts>;
  factsUniverse: string;
  matrixEdit: MatrixEdit;
  loadMatrix(): Promise<void>;
  selectUseCase(id: string): void;
  selectComponent(component: string, options?: { askParams?: boolean }): void;
  setFactsUniverse(universe: string): void;
  loadFacts(): Promise<void>;
  enableComponent(useCase: string, component: string, params?: Record<string, unknown>): Promise<boolean>;
  disableComponent(useCase: string, component: string): Promise<boolean>;
  saveParams(useCase: string, component: string, params: Record<string, unknown>): Promise<boolean>;
  /** the solver the use case runs on: an edit (`usecases/set` with the key `solver`), a new version */
  setUseCaseSolver(useCase: string, solver: UseCaseSolver): Promise<boolean>;
  copyUseCase(id: string, newId: string, title: string): Promise<boolean>;
}

const noEdit: MatrixEdit = { status: 'idle', message: null, error: null, useCase: null, component: null };

export const matrixSlice: Slice<MatrixSlice> = (set, get, client) => {
  let factsRequest = 0;

  async function refreshMatrix(): Promise<void> {
    const matrix = await client.call('usecases/matrix', {});
    set({ matrix: { status: 'ready', value: matrix } });
  }

  /** Runs one edit: the matrix and the model facts are reloaded after it, an error stays on its component. */
  async function edit(useCase: string, component: string | null, run: () => Promise<EditResult>, done: (r: EditResult) => string): Promise<boolean> {
    set({ matrixEdit: { status: 'saving', message: null, error: null, useCase, component } });
    try {
      const result = await run();
      set({ matrixEdit: { status: 'saved', message: done(result), error: null, useCase: result.useCase.id, component } });
      await refreshMatrix();
      void get().loadFacts();
      return true;
    } catch (error) {
      set({ matrixEdit: { status: 'error', message: null, error: apiErrorOf(error), useCase, component } });
      return false;
    }
  }

  const versionNote = (r: EditResult): string => (r.changed ? `saved as version ${r.version}` : 'no change: nothing saved');

  return {
    matrix: idle,
    catalogue: idle,
    selectedUseCase: null,
    selectedComponent: null,
    enablingComponent: null,
    facts: idle,
    factsUniverse: 'demo',
    matrixEdit: noEdit,

    async loadMatrix() {
      set({ matrix: loading(get().matrix), catalogue: loading(get().catalogue) });
      const [matrix, catalogue] = await Promise.allSettled([client.call('usecases/matrix', {}), client.call('components/list', {})]);
      set({
        matrix: matrix.status === 'fulfilled' ? { status: 'ready', value: matrix.value } : { status: 'error', error: apiErrorOf(matrix.reason) },
        catalogue:
          catalogue.status === 'fulfilled' ? { status: 'ready', value: catalogue.value } : { status: 'error', error: apiErrorOf(catalogue.reason) },
      });
      const rows = matrix.status === 'fulfilled' ? matrix.value.rows : [];
      const selected = get().selectedUseCase;
      const keep = rows.find((r) => r.useCase === selected) ?? rows[0];
      if (keep && keep.useCase !== selected) get().selectUseCase(keep.useCase);
      else if (keep) void get().loadFacts();
    },

    selectUseCase(id) {
      if (id === get().selectedUseCase) return;
      set({ selectedUseCase: id, enablingComponent: null, matrixEdit: noEdit, facts: { status: 'loading' } });
      void get().loadFacts();
    },

    selectComponent(component, { askParams = false } = {}) {
      set({ selectedComponent: component, enablingComponent: askParams ? component : null });
    },

    setFactsUniverse(universe) {
      set({ factsUniverse: universe });
      void get().loadFacts();
    },

    async loadFacts() {
      const id = get().selectedUseCase;
      if (!id) return;
      const request = ++factsRequest;
      set({ facts: loading(get().facts) });
      try {
        const facts = await client.call('usecases/facts', { id, universe: get().factsUniverse });
        if (request === factsRequest) set({ facts: { status: 'ready', value: facts } });
      } catch (error) {
        if (request === factsRequest) set({ facts: { status: 'error', error: apiErrorOf(error) } });
      }
    },

    async enableComponent(useCase, component, params = {}) {
      set({ selectedUseCase: useCase, selectedComponent: component });
      const ok = await edit(
        useCase,
        component,
        () => client.call('usecases/enable', { id: useCase, component, params }),
        (r) => `${component} on (${versionNote(r)})`,
      );
      if (ok) set({ enablingComponent: null });
      return ok;
    },

    async disableComponent(useCase, component) {
      set({ selectedUseCase: useCase, selectedComponent: component, enablingComponent: null });
      return edit(
        useCase,
        component,
        () => client.call('usecases/disable', { id: useCase, component }),
        (r) => `${component} off (${versionNote(r)})`,
      );
    },

    async saveParams(useCase, component, params) {
      const values = Object.fromEntries(Object.entries(params).map(([key, value]) => [`${component}.${key}`, value]));
      if (Object.keys(values).length === 0) return true;
      return edit(useCase, component, () => client.call('usecases/set', { id: useCase, values }), (r) => `${component}: ${versionNote(r)}`);
    },

    async setUseCaseSolver(useCase, solver) {
      get().selectUseCase(useCase);
      return edit(useCase, null, () => client.call('usecases/set', { id: useCase, values: { solver } }), (r) => `solver ${solver} (${versionNote(r)})`);
    },

    async copyUseCase(id, newId, title) {
      const ok = await edit(
        id,
        null,
        () => client.call('usecases/copy', { id, newId, ...(title.trim() ? { title: title.trim() } : {}) }),
        (r) => `copied ${id} to ${r.useCase.id}`,
      );
      if (ok) {
        const done = get().matrixEdit;
        get().selectUseCase(newId);
        set({ matrixEdit: done });
      }
      return ok;
    },
  };
};
