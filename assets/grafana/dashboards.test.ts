/**
 * The Grafana dashboards against the team database: every panel's SQL and every variable's query, interpolated as
 * Grafana would (grafanaInterpolation.ts), runs on the real PostgreSQL after a real `sync/run` of a small store
 * (demo market, one optimize run, a 30-account book and its batch run) and returns rows; a few panels are checked
 * against the store's own numbers. Plus the dashboards' consistency: unique ids, the provisioned data source, every
 * variable defined before it is used.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountOutcome, BatchResult } from '../../api/book.ts';
import type { OptimizeResult } from '../../api/domain.ts';
import type { StoredRun } from '../../api/runs.ts';
import type { SyncSummary } from '../../api/sync.ts';
import { createCore, type Core } from '../../core/createCore.ts';
import { ensureDemoMarket } from '../../core/market/demoMarket.ts';
import { openServices } from '../../core/services.ts';
import {
  calledMacros,
  expandMacros,
  interpolateVariables,
  knownMacros,
  referencedVariables,
  relativeTime,
  rfc3339Nano,
  type TimeRange,
  type VariableValue,
} from './grafanaInterpolation.ts';

interface DataSourceRef {
  type: string;
  uid: string;
}
interface Target {
  refId: string;
  rawSql: string;
  format: string;
  rawQuery?: boolean;
  datasource: DataSourceRef;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource: DataSourceRef;
  targets: Target[];
}
interface Variable {
  name: string;
  type: string;
  query: string;
  multi: boolean;
  includeAll: boolean;
  refresh: number;
  datasource: DataSourceRef;
}
interface Dashboard {
  uid: string;
  title: string;
  time: { from: string; to: string };
  templating: { list: Variable[] };
  panels: Panel[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const dashboardDir = path.join(here, 'dashboards');
const dashboards: { file: string; dashboard: Dashboard }[] = readdirSync(dashboardDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(dashboardDir, file), 'utf8')) as Dashboard }));
const provisioned = (parseYaml(readFileSync(path.join(here, 'provisioning/datasources/jessica.yaml'), 'utf8')) as {
  datasources: { uid: string; type: string; jsonData: { timescaledb: boolean } }[];
}).datasources;

const queriesOf = (d: Dashboard) => [
  ...d.templating.list.map((v) => ({ where: `variable $${v.name}`, sql: v.query })),
  ...d.panels.flatMap((p) => p.targets.map((t) => ({ where: `panel "${p.title}" (${t.refId})`, sql: t.rawSql }))),
];

describe('the dashboards are consistent', () => {
  it('there are the five the issue asks for, each with a unique uid', () => {
    expect(dashboards.map((d) => d.file)).toEqual(['batch-tracking.json', 'prices.json', 'runs.json', 'solvers.json', 'stages.json']);
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  for (const { file, dashboard: d } of dashboards) {
    describe(file, () => {
      it('panel ids and variable names are unique', () => {
        const ids = d.panels.map((p) => p.id);
        expect(ids.every((id) => Number.isInteger(id) && id > 0), `${file}: ids ${ids.join(', ')}`).toBe(true);
        expect(new Set(ids).size, `${file}: duplicate panel ids in ${ids.join(', ')}`).toBe(ids.length);
        const names = d.templating.list.map((v) => v.name);
        expect(new Set(names).size, `${file}: duplicate variables ${names.join(', ')}`).toBe(names.length);
      });

      it('every panel, query and variable reads the provisioned data source', () => {
        expect(provisioned).toHaveLength(1);
        const ds = { type: provisioned[0]!.type, uid: provisioned[0]!.uid };
        for (const p of d.panels) {
          expect(p.datasource, `${file}: panel "${p.title}"`).toEqual(ds);
          expect(p.targets.length, `${file}: panel "${p.title}" has no query`).toBeGreaterThan(0);
          for (const t of p.targets) {
            expect(t.datasource, `${file}: panel "${p.title}" ${t.refId}`).toEqual(ds);
            expect(['table', 'time_series'], `${file}: panel "${p.title}" format`).toContain(t.format);
            expect(t.rawSql.trim(), `${file}: panel "${p.title}" has no SQL`).not.toBe('');
          }
        }
        for (const v of d.templating.list) {
          expect(v.type, `${file}: $${v.name}`).toBe('query');
          expect(v.datasource, `${file}: $${v.name}`).toEqual(ds);
        }
      });

      it('every variable a query uses is defined, a variable query using only the ones before it', () => {
        const defined = d.templating.list.map((v) => v.name);
        d.templating.list.forEach((v, i) => {
          for (const name of referencedVariables(v.query)) {
            expect(defined.slice(0, i), `${file}: $${v.name} uses $${name}`).toContain(name);
          }
        });
        for (const q of queriesOf(d)) {
          for (const name of referencedVariables(q.sql)) expect(defined, `${file}: ${q.where} uses $${name}`).toContain(name);
        }
      });

      it('every macro is one the expander knows, and the time range is one it reads', () => {
        for (const q of queriesOf(d)) {
          for (const macro of calledMacros(q.sql)) expect(knownMacros as readonly string[], `${file}: ${q.where} calls $${macro}`).toContain(macro);
        }
        const now = new Date();
        expect(relativeTime(d.time.from, now).getTime()).toBeLessThan(relativeTime(d.time.to, now).getTime());
      });
    });
  }
});

describe('the expander says what Grafana says', () => {
  const range: TimeRange = { from: new Date('2026-01-02T03:04:05.120Z'), to: new Date('2026-02-01T00:00:00.000Z') };
  it('formats the range as Go RFC3339Nano in UTC', () => {
    expect(rfc3339Nano(range.from)).toBe('2026-01-02T03:04:05.12Z');
    expect(expandMacros('WHERE $__timeFilter(r.created_at)', range, { timescaledb: false })).toBe(
      "WHERE r.created_at BETWEEN '2026-01-02T03:04:05.12Z' AND '2026-02-01T00:00:00Z'",
    );
  });
  it('groups with time_bucket on TimescaleDB and with epoch arithmetic without it', () => {
    const sql = "SELECT $__timeGroupAlias(r.created_at, '1d'), $__time(p.date)";
    expect(expandMacros(sql, range, { timescaledb: true })).toBe(`SELECT time_bucket('86400.000s',r.created_at) AS "time", p.date AS "time"`);
    expect(expandMacros(sql, range, { timescaledb: false })).toBe(`SELECT floor(extract(epoch from r.created_at)/86400)*86400 AS "time", p.date AS "time"`);
  });
  it('quotes multi-value variables, leaves single values raw, refuses what it does not know', () => {
    const vars = new Map<string, VariableValue>([
      ['store', { values: ['abc'], quoted: false }],
      ['ticker', { values: ["O'X", 'B'], quoted: true }],
    ]);
    expect(interpolateVariables("s = '$store' AND t IN ($ticker) AND $__timeFilter(d)", vars)).toBe("s = 'abc' AND t IN ('O''X','B') AND $__timeFilter(d)");
    expect(() => interpolateVariables('x = $nope', vars)).toThrow(/\$nope is not a variable/);
    expect(() => interpolateVariables('x IN (${ticker:csv})', vars)).toThrow(/only the \$name form/);
    expect(() => expandMacros('$__timeGroup(d, 1h)', range, { timescaledb: false })).toThrow(/not a macro this expander knows/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Against the real PostgreSQL, after a real sync

const server = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const database = `jessica_dashboards_${process.pid}_${Date.now().toString(36)}`;
let home: string;
let core: Core;
let client: pg.Client;
let timescaledb = false;
let optimize: OptimizeResult;
let batch: BatchResult;
let sync: SyncSummary;
/** the moment the dashboards are opened: after the runs were made and synced */
let now: Date;

async function call<T>(method: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(method, args);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-dashboards-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
  ensureDemoMarket(core.services.db);
  optimize = await call<OptimizeResult>('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', timeLimit: 10 });
  await call('accounts/demo', { count: 30, book: 'demo' });
  batch = await call<BatchResult>('book/batch', { book: 'demo', universe: 'demo', useCase: 'periodic-rebalance', timeLimit: 0.5 });

  const admin = new pg.Client({ ...server, database: 'test' });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  sync = await call<SyncSummary>('sync/run', { url: `postgres://${server.user}@${server.host}:${server.port}/${database}` });
  client = new pg.Client({ ...server, database });
  await client.connect();
  const ext = await client.query("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'");
  timescaledb = ext.rowCount === 1;
  now = new Date();
}, 300_000);

afterAll(async () => {
  await client?.end();
  await core?.services.close();
  const admin = new pg.Client({ ...server, database: 'test' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  if (home) rmSync(home, { recursive: true, force: true });
}, 60_000);

interface Resolved {
  range: TimeRange;
  variables: Map<string, VariableValue>;
  /** each variable's options as its query returned them: value and text */
  options: Map<string, { value: string; text: string }[]>;
}

/** Grafana's SQL for a query: variables, then macros (timescaledb as the server has it: the provisioned data source says true). */
function grafanaSql(sql: string, resolved: Resolved): string {
  return expandMacros(interpolateVariables(sql, resolved.variables), resolved.range, { timescaledb });
}

/**
 * The variables in order, each from its own query's rows, as Grafana's defaults pick them: the first option of a
 * single-value variable, All for an include-All one; a multi-value one gets its first two options, so an IN list of
 * more than one value is run too.
 */
async function resolveVariables(d: Dashboard): Promise<Resolved> {
  const resolved: Resolved = { range: { from: relativeTime(d.time.from, now), to: relativeTime(d.time.to, now) }, variables: new Map(), options: new Map() };
  for (const v of d.templating.list) {
    const rows = (await client.query(grafanaSql(v.query, resolved))).rows as Record<string, unknown>[];
    if (rows.length === 0) throw new Error(`${d.title}: variable $${v.name} has no options: ${grafanaSql(v.query, resolved)}`);
    const options = rows.map((row) => {
      const value = String('__value' in row ? row.__value : Object.values(row)[0]);
      return { value, text: '__text' in row ? String(row.__text) : value };
    });
    resolved.options.set(v.name, options);
    const values = v.includeAll ? options.map((o) => o.value) : v.multi ? options.slice(0, 2).map((o) => o.value) : [options[0]!.value];
    resolved.variables.set(v.name, { values, quoted: v.multi || v.includeAll });
  }
  return resolved;
}

const panelRows = new Map<string, Record<string, unknown>[]>();
const key = (uid: string, title: string) => `${uid}/${title}`;

describe('every panel returns rows from the synced team database', () => {
  it('the sync sent the store (the rows the dashboards read)', () => {
    expect(sync.rows).toBeGreaterThan(0);
    const tables = new Map(sync.tables.map((t) => [t.table, t.rows]));
    for (const table of ['prices', 'index_closes', 'universes', 'runs', 'spans', 'batch_accounts', 'batch_clusters']) {
      expect(tables.get(table), `sync sent no ${table}`).toBeGreaterThan(0);
    }
  });

  for (const { file, dashboard: d } of dashboards) {
    describe(`${d.title} (${file})`, () => {
      let resolved: Resolved;
      beforeAll(async () => {
        resolved = await resolveVariables(d);
      });
      for (const p of d.panels) {
        it(`panel "${p.title}"`, async () => {
          for (const t of p.targets) {
            const sql = grafanaSql(t.rawSql, resolved);
            let rows: Record<string, unknown>[];
            try {
              rows = (await client.query(sql)).rows as Record<string, unknown>[];
            } catch (e) {
              throw new Error(`${d.title}, panel "${p.title}": ${(e as Error).message}\n${sql}`);
            }
            expect(rows.length, `${d.title}, panel "${p.title}" returned no rows:\n${sql}`).toBeGreaterThan(0);
            if (t.format === 'time_series') expect(Object.keys(rows[0]!), `${d.title}, panel "${p.title}" has no time column`).toContain('time');
            panelRows.set(key(d.uid, p.title), rows);
          }
        });
      }
    });
  }
});

describe('what the panels say matches the store', () => {
  const rowsOf = (uid: string, title: string) => {
    const rows = panelRows.get(key(uid, title));
    if (!rows) throw new Error(`no rows kept for ${uid} "${title}": did its panel test run?`);
    return rows;
  };

  it('prices: the close series are the stored closes of the chosen tickers in the window', async () => {
    const d = dashboards.find((x) => x.dashboard.uid === 'jessica-prices')!.dashboard;
    const resolved = await resolveVariables(d);
    const tickers = resolved.variables.get('ticker')!.values;
    const from = resolved.range.from.toISOString().slice(0, 10);
    const to = resolved.range.to.toISOString().slice(0, 10);
    const placeholders = tickers.map(() => '?').join(',');
    const expected = core.services.db
      .prepare(`SELECT count(*) AS n, sum(close) AS total FROM prices WHERE universe = 'demo' AND ticker IN (${placeholders}) AND date BETWEEN ? AND ?`)
      .get(...tickers, from, to) as { n: number; total: number };
    const rows = rowsOf('jessica-prices', 'Close and adjusted close');
    expect(rows.length).toBe(expected.n);
    expect(rows.reduce((s, r) => s + Number(r.close), 0)).toBeCloseTo(expected.total, 6);
  });

  it('runs: the runs per day add up to the runs of the store', () => {
    const rows = rowsOf('jessica-runs', 'Runs per day, by kind');
    expect(rows.reduce((s, r) => s + Number(r.runs), 0)).toBe((core.services.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n);
  });

  it('batch: the histogram holds every account tracking error of the run, and the stat its counts', async () => {
    const outcomes = await call<AccountOutcome[]>('book/accounts', { runId: batch.runId, limit: 100_000 });
    expect(outcomes).toHaveLength(batch.accounts);
    const te = rowsOf('jessica-batch-tracking', 'Tracking error distribution').map((r) => Number(r['tracking error %'])).sort((a, b) => a - b);
    const fromRun = outcomes
      .map((o) => o.trackingError)
      .filter((x): x is number => x !== null)
      .map((x) => x * 100)
      .sort((a, b) => a - b);
    expect(te).toHaveLength(fromRun.length);
    te.forEach((x, i) => expect(x).toBeCloseTo(fromRun[i]!, 10));
    const [stat] = rowsOf('jessica-batch-tracking', 'Accounts');
    expect(Number(stat!.accounts)).toBe(batch.accounts);
    expect([Number(stat!.fallback), Number(stat!.unallocated)]).toEqual([batch.fallback, batch.unallocated]);
    const byCluster = rowsOf('jessica-batch-tracking', 'Tracking error by cluster');
    expect(byCluster.map((r) => r.cluster).sort()).toEqual(batch.clusters.map((c) => c.clusterId).sort());
  });

  it('stages: one bar segment per top-level span of the chosen runs, with its duration', async () => {
    const d = dashboards.find((x) => x.dashboard.uid === 'jessica-stages')!.dashboard;
    const runIds = (await resolveVariables(d)).variables.get('run')!.values.map(Number);
    const spans = [];
    for (const id of runIds) spans.push(...(await call<StoredRun>('runs/show', { id })).spans.filter((s) => s.parent === null));
    const rows = rowsOf('jessica-stages', 'Time per stage, by run');
    expect(rows).toHaveLength(spans.length);
    expect(rows.reduce((s, r) => s + Number(r.seconds), 0)).toBeCloseTo(spans.reduce((s, x) => s + x.durationMs / 1000, 0), 6);
  });

  it('solvers: the optimize run is listed with its solver, objective and tracking error', () => {
    const row = rowsOf('jessica-solvers', 'Optimize runs').find((r) => Number(r.run) === optimize.runId);
    expect(row, `run ${optimize.runId} missing`).toBeDefined();
    expect(row!.solver).toBe(optimize.solver);
    expect(Number(row!.objective)).toBeCloseTo(optimize.objective!, 12);
    expect(Number(row!['TE %'])).toBeCloseTo(optimize.trackingError! * 100, 10);
  });
});
