import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import envPaths from 'env-paths';
import type { solverChoices } from '../api/methods.ts';
import type { SolverBackend } from '../solver/backends/backend.ts';
import { createCbcBackend } from '../solver/backends/cli/cbcBackend.ts';
import { createGurobiBackend } from '../solver/backends/cli/gurobiBackend.ts';
import { createHighsBackend, type HighsBackend } from '../solver/highsPool/highsBackend.ts';
import { withPrimalStart } from '../solver/highsPool/withPrimalStart.ts';
import { createRaceBackend } from '../solver/comparison/raceBackend.ts';
import { createAssemblyCache, type AssemblyCache } from '../solver/assembler/cache/assembleCached.ts';
import type { PricePanel } from '../solver/tracking/pricePanel.ts';
import type { PanelWindow } from './market/pricePanelReader.ts';
import type { ScreenTimer } from './bench/screenTimer.ts';
import { openDatabase } from './store/database.ts';
import { onPath } from './usecases/solverRoutes.ts';

/** a solver, or `race`: every installed one at once (solver/comparison/raceBackend.ts) */
export type SolverId = (typeof solverChoices)[number];

/** What the handlers work with; shells create it once per process. */
export interface CoreServices {
  db: Database.Database;
  /** the data directory: $JESSICA_HOME, else the platform's app-data directory */
  home: string;
  /** a long-lived solver backend, created on first use */
  solver(id: SolverId): SolverBackend;
  /** the HiGHS pool itself: solves, and the heuristics and diagnoses every other solver borrows */
  highs(): HighsBackend;
  events: EventEmitter;
  /** assembled model structures, reused by later jobs of the same shape (DESIGN section 4) */
  assemblyCache: AssemblyCache;
  /** how the core reaches the network (the Yahoo import); the global fetch when absent */
  fetch?: typeof globalThis.fetch;
  /**
   * where a model's price panel is read (prepareModel's `load` stage); the store when absent. The bench's
   * `store: postgres` variant reads it from the team database (core/sync/teamPricePanel.ts), the rest of the job alike.
   */
  pricePanels?: { source: string; read(universe: string, window: PanelWindow): PricePanel | Promise<PricePanel> };
  /**
   * how the bench times the app's screens in a browser (its `screens` rows), given by a shell that can drive one:
   * `jessica bench` sets it before the bench starts; without it those rows are skipped with the reason
   */
  screenTimer?: ScreenTimer;
  close(): Promise<void>;
}

export function dataHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.JESSICA_HOME && env.JESSICA_HOME.length > 0 ? path.resolve(env.JESSICA_HOME) : envPaths('jessica', { suffix: '' }).data;
}

export interface ServiceOptions {
  home?: string;
  /** worker threads in the HiGHS pool (default: one per core, at most 4) */
  highsWorkers?: number;
  /** the fetch the core reaches the network with (default: the global fetch, looked up at each request) */
  fetch?: typeof globalThis.fetch;
  /** the bench's screen timer (CoreServices.screenTimer) */
  screenTimer?: ScreenTimer;
}

export function openServices(options: ServiceOptions = {}): CoreServices {
  const home = options.home ?? dataHome();
  mkdirSync(home, { recursive: true });
  const db = openDatabase(path.join(home, 'jessica.sqlite'));
  const backends = new Map<SolverId, SolverBackend>();
  let highs: HighsBackend | undefined;
  const highsPool = () => (highs ??= createHighsBackend({ workers: options.highsWorkers }));
  function solver(id: SolverId): SolverBackend {
    let backend = backends.get(id);
    if (!backend) {
      if (id === 'race') {
        // the entrants are the installed solvers; each gets the race's one heuristic start
        const installed = (['cbc', 'gurobi'] as const).filter((cli) => onPath(cli === 'cbc' ? 'cbc' : 'gurobi_cl'));
        backend = createRaceBackend([highsPool(), ...installed.map((cli) => solver(cli))], highsPool());
      } else {
        // command-line solvers start MILPs from the heuristics that run on the HiGHS pool
        backend = id === 'highs' ? highsPool() : withPrimalStart(id === 'cbc' ? createCbcBackend() : createGurobiBackend(), highsPool());
      }
      backends.set(id, backend);
    }
    return backend;
  }
  return {
    db,
    home,
    events: new EventEmitter(),
    assemblyCache: createAssemblyCache(),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.screenTimer === undefined ? {} : { screenTimer: options.screenTimer }),
    highs: highsPool,
    solver,
    async close() {
      await Promise.all([...backends.values(), ...(highs ? [highs] : [])].map((b) => b.close()));
      db.close();
    },
  };
}
