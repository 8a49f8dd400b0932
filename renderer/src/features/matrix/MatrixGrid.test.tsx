// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Envelope } from '../../../../api/envelope.ts';
import type { Transport } from '../../../../api/transport.ts';
import type { ComponentInfo, ModelFacts, UseCaseMatrix, UseCaseSolver } from '../../../../api/useCases.ts';
import { createClient } from '../../api/client.ts';
import { createAppStore } from '../../state/store.ts';
import { StoreContext } from '../../state/useApp.ts';
import { MatrixScreen } from './MatrixScreen.tsx';

const info = (id: string, kind: ComponentInfo['kind'], params: z.ZodType): ComponentInfo => ({
  id,
  kind,
  title: id,
  doc: `${id} math`,
  paramsSchema: z.toJSONSchema(params, { io: 'input' }) as Record<string, unknown>,
  provides: [],
  requires: [],
  features: [],
});

const catalogue = [
  info('var.weights', 'variables', z.strictObject({})),
  info('obj.tracking-mad', 'objective', z.strictObject({})),
  info('con.long-only', 'constraint', z.strictObject({})),
  info('con.max-names', 'constraint', z.strictObject({ maxNames: z.number().int().min(1) })),
];

/** A store of two use cases behind a transport that records every call, as the core would see them. */
function fakeCore() {
  const calls: { method: string; args: unknown }[] = [];
  const enabled: Record<string, Set<string>> = {
    'index-tracking': new Set(['var.weights', 'obj.tracking-mad']),
    'small-account': new Set(['var.weights', 'obj.tracking-mad', 'con.long-only']),
  };
  const solvers: Record<string, UseCaseSolver> = { 'index-tracking': 'highs', 'small-account': 'cbc' };
  const versions: Record<string, number> = { 'index-tracking': 1, 'small-account': 1 };
  const matrix = (): UseCaseMatrix => ({
    columns: catalogue.map((c) => ({ component: c.id, kind: c.kind, title: c.title, doc: c.doc })),
    rows: Object.entries(enabled).map(([useCase, on]) => ({
      useCase,
      title: useCase,
      origin: 'catalogue',
      version: versions[useCase]!,
      solver: solvers[useCase]!,
      cells: catalogue.map((c) => ({ enabled: on.has(c.id), params: {} })),
    })),
  });
  const facts = (id: string): ModelFacts => ({
    useCase: id,
    version: 1,
    universe: 'demo',
    asOf: '2025-12-31',
    assembled: !enabled[id]!.has('con.long-only'),
    modelClass: enabled[id]!.has('con.long-only') ? null : 'LP',
    columns: 10,
    integerColumns: 0,
    rows: 3,
    nonzeros: 30,
    quadraticNonzeros: 0,
    components: [],
    solvers: [{ solver: 'highs', accepts: true, available: true }],
    issues: enabled[id]!.has('con.long-only') ? [{ component: 'con.long-only', message: 'needs a budget' }] : [],
    assembleMs: 1,
  });
  const answer = (method: string, args: Record<string, unknown>): Envelope<unknown> => {
    calls.push({ method, args });
    switch (method) {
      case 'usecases/matrix':
        return { ok: true, value: matrix() };
      case 'components/list':
        return { ok: true, value: catalogue };
      case 'data/list':
        return { ok: true, value: [] };
      case 'usecases/facts':
        return { ok: true, value: facts(String(args.id)) };
      case 'usecases/enable':
      case 'usecases/disable': {
        const on = enabled[String(args.id)]!;
        if (method === 'usecases/enable') on.add(String(args.component));
        else on.delete(String(args.component));
        return { ok: true, value: { useCase: { id: args.id }, version: 2, changed: true } };
      }
      case 'usecases/set': {
        // the core's answer to a solver edit: a new version
        const id = String(args.id);
        solvers[id] = (args.values as { solver: UseCaseSolver }).solver;
        versions[id] = versions[id]! + 1;
        return { ok: true, value: { useCase: { id }, version: versions[id], changed: true } };
      }
      default:
        return { ok: false, error: { code: 'unknown-method', message: method } };
    }
  };
  const transport: Transport = {
    invoke: (async (method: string, args: Record<string, unknown>) => answer(method, args)) as Transport['invoke'],
    subscribe: () => () => undefined,
  };
  return { calls, store: createAppStore(createClient(transport)) };
}

function renderMatrix() {
  const core = fakeCore();
  render(
    <StoreContext.Provider value={core.store}>
      <MatrixScreen />
    </StoreContext.Provider>,
  );
  return core;
}

const cell = (useCase: string, component: string) => screen.getByTestId(`cell-${useCase}-${component}`);

afterEach(cleanup);

describe('the matrix grid', () => {
  it('is one tab stop; arrow keys move between cells and select the component for the side panel', async () => {
    renderMatrix();
    await screen.findByRole('grid', { name: 'Use cases × components' });
    const tabStops = screen.getAllByRole('button', { pressed: false }).concat(screen.getAllByRole('button', { pressed: true })).filter((b) => b.tabIndex === 0);
    expect(tabStops).toHaveLength(1);
    const first = cell('index-tracking', 'var.weights');
    act(() => first.focus());
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(cell('index-tracking', 'obj.tracking-mad'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(cell('index-tracking', 'con.max-names'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(cell('small-account', 'con.max-names'));
    expect(cell('small-account', 'con.max-names').tabIndex).toBe(0);
    expect(panel('component-panel').textContent).toContain('con.max-names');
  });

  it('switches a component without parameters on with a click, and off again', async () => {
    const core = renderMatrix();
    await screen.findByRole('grid');
    fireEvent.click(cell('index-tracking', 'con.long-only'));
    await waitFor(() => expect(cell('index-tracking', 'con.long-only').getAttribute('aria-pressed')).toBe('true'));
    expect(core.calls.find((c) => c.method === 'usecases/enable')?.args).toEqual({ id: 'index-tracking', component: 'con.long-only', params: {} });
    fireEvent.click(cell('index-tracking', 'con.long-only'));
    await waitFor(() => expect(cell('index-tracking', 'con.long-only').getAttribute('aria-pressed')).toBe('false'));
  });

  it('asks for required parameters before switching con.max-names on, then sends them', async () => {
    const core = renderMatrix();
    await screen.findByRole('grid');
    fireEvent.click(cell('index-tracking', 'con.max-names'));
    await screen.findByTestId('needs-params');
    expect(core.calls.some((c) => c.method === 'usecases/enable')).toBe(false);
    const input = screen.getByTestId('param-maxNames');
    fireEvent.change(input, { target: { value: '0' } });
    fireEvent.click(screen.getByTestId('params-submit'));
    expect(await screen.findByText('must be ≥ 1')).toBeTruthy();
    fireEvent.change(input, { target: { value: '20' } });
    fireEvent.click(screen.getByTestId('params-submit'));
    await waitFor(() => expect(cell('index-tracking', 'con.max-names').getAttribute('aria-pressed')).toBe('true'));
    expect(core.calls.find((c) => c.method === 'usecases/enable')?.args).toEqual({ id: 'index-tracking', component: 'con.max-names', params: { maxNames: 20 } });
  });

  it('marks the column and cell of the component the model facts name', async () => {
    renderMatrix();
    await screen.findByRole('grid');
    act(() => cell('small-account', 'var.weights').focus());
    await waitFor(() => expect(cell('small-account', 'con.long-only').dataset.invalid).toBe('true'));
    expect(screen.getByTestId('col-con.long-only').dataset.invalid).toBe('true');
    expect(cell('index-tracking', 'con.long-only').dataset.invalid).toBeUndefined();
    expect(screen.getByTestId('model-class').textContent).toBe('does not assemble');
  });
});

describe('the solver column', () => {
  it("shows each use case's solver and sends a change as a usecases/set edit with the key solver", async () => {
    const core = renderMatrix();
    await screen.findByRole('grid');
    const select = screen.getByTestId('usecase-solver-index-tracking') as HTMLSelectElement;
    expect(select.value).toBe('highs');
    expect((screen.getByTestId('usecase-solver-small-account') as HTMLSelectElement).value).toBe('cbc');
    expect([...select.options].map((o) => o.value)).toEqual(['highs', 'cbc', 'gurobi', 'race']);
    expect(select.title).toMatch(/race: every installed solver at once .* the first to prove optimality wins/);
    fireEvent.change(select, { target: { value: 'race' } });
    expect(await screen.findByText('index-tracking: solver race (saved as version 2)')).toBeTruthy();
    const edits = core.calls.filter((c) => c.method === 'usecases/set');
    expect(edits.map((c) => c.args)).toEqual([{ id: 'index-tracking', values: { solver: 'race' } }]);
    // the matrix reloaded after the edit shows the stored choice and version
    await waitFor(() => expect((screen.getByTestId('usecase-solver-index-tracking') as HTMLSelectElement).value).toBe('race'));
    expect(screen.getByTestId('usecase-solver-index-tracking').closest('tr')!.querySelector('.usecase-head')!.textContent).toBe('index-trackingv2');
  });

  it("is a tab stop in the selected use case's row only", async () => {
    renderMatrix();
    await screen.findByRole('grid');
    await waitFor(() => expect(screen.getByTestId('usecase-solver-index-tracking').tabIndex).toBe(0));
    expect(screen.getByTestId('usecase-solver-small-account').tabIndex).toBe(-1);
  });
});

function panel(testId: string): HTMLElement {
  return screen.getByTestId(testId);
}
