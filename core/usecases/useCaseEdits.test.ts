import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { copyUseCase, disableComponent, enableComponent, setParameter, setParameters } from './useCaseEdits.ts';
import { getUseCase, listUseCases, useCaseHistory } from './useCaseStore.ts';
import { writeVersion } from './writeVersion.ts';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-usecase-edits-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
  listUseCases(db); // seeded before each test's "before" snapshot
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every stored row of the matrix, to show that a refused edit wrote nothing. */
function dump(): string {
  return JSON.stringify([
    db.prepare('SELECT * FROM use_cases ORDER BY id').all(),
    db.prepare('SELECT * FROM use_case_versions ORDER BY use_case, version').all(),
  ]);
}

function params(id: string, component: string): Record<string, unknown> | undefined {
  return getUseCase(db, id)!.useCase.components.find((c) => c.id === component)?.params;
}

/** The InputError an edit throws, for its message and location. */
function refusal(edit: () => unknown): InputError {
  try {
    edit();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('the edit was not refused');
}

describe('setParameter', () => {
  it('writes a new version and keeps the old one in the history', () => {
    const v1 = getUseCase(db, 'index-tracking')!;
    const r = setParameter(db, 'index-tracking', 'con.budget.cashMax', '2%', { note: 'room for fees' });
    expect(r).toMatchObject({ changed: true, version: 2, author: 'user' });
    expect(r.note).toBe('room for fees (con.budget.cashMax = 0.02 (was 0))');
    expect(params('index-tracking', 'con.budget')).toEqual({ cashMin: 0, cashMax: 0.02 });

    const history = useCaseHistory(db, 'index-tracking');
    expect(history.map((v) => v.version)).toEqual([1, 2]);
    expect(history[0]!.useCase).toEqual(v1.useCase);
    expect(history[1]!.useCase).toEqual(r.useCase);
    // the list row follows the current version
    expect(listUseCases(db).find((u) => u.id === 'index-tracking')!.version).toBe(2);
  });

  it('enables an absent component with the components it requires, in kind order', () => {
    const r = setParameters(db, 'index-tracking', { 'con.max-names.maxNames': '25', 'con.exclusions.tickers': 'AAA,BBB' });
    expect(r.version).toBe(2);
    const components = r.useCase.components.map((c) => c.id);
    expect(components).toContain('var.selection');
    expect(components.indexOf('var.selection')).toBeLessThan(components.indexOf('obj.tracking-mad'));
    expect(params('index-tracking', 'con.max-names')).toEqual({ maxNames: 25 });
    expect(params('index-tracking', 'con.exclusions')).toEqual({ tickers: ['AAA', 'BBB'] });
    expect(r.note).toMatch(/enabled con\.max-names with var\.selection/);
  });

  it('writes no version when the value is what the use case already says', () => {
    setParameter(db, 'index-tracking', 'con.max-weight.maxWeight', 0.1);
    const again = setParameter(db, 'index-tracking', 'con.max-weight.maxWeight', '0.1');
    expect(again).toMatchObject({ changed: false, version: 2 });
    expect(useCaseHistory(db, 'index-tracking')).toHaveLength(2);
  });

  it.each([
    ['a value the schema refuses', 'con.max-weight.maxWeight', '1.5', 'con.max-weight', 'maxWeight', /Too big/],
    ['a value that is not a number', 'con.max-weight.maxWeight', 'ten', 'con.max-weight', 'maxWeight', /"ten" is not a number/],
    ['a parameter the component does not have', 'con.max-weight.maxweight', '0.1', 'con.max-weight', 'maxweight', /no such parameter \(its parameters: maxWeight\)/],
    ['an unknown component', 'con.max-wieght.maxWeight', '0.1', 'con.max-wieght', 'maxWeight', /unknown component \(known: .*con\.max-weight/],
    ['a cross-field rule', 'con.budget.cashMin', '0.5', 'con.budget', 'cashMin', /cashMin must not exceed cashMax/],
  ])('refuses %s, naming component and parameter, and changes nothing', (_what, pathText, value, component, parameter, message) => {
    const before = dump();
    const e = refusal(() => setParameter(db, 'index-tracking', pathText, value));
    expect(e.where).toEqual({ component, field: parameter });
    expect(e.message).toMatch(message);
    expect(dump()).toBe(before);
  });

  it('refuses a whole batch when one value is bad', () => {
    const before = dump();
    expect(() => setParameters(db, 'index-tracking', { 'con.max-names.maxNames': 10, 'con.min-weight.minWeight': -1 })).toThrow(/con\.min-weight|minWeight/);
    expect(dump()).toBe(before);
  });

  it('refuses a path without a parameter and an unknown use case', () => {
    expect(() => setParameter(db, 'index-tracking', 'con.max-weight', 0.1)).toThrow(/give component\.parameter, e\.g\. con\.max-weight\.NAME \(its parameters: maxWeight\)/);
    expect(() => setParameter(db, 'index-tracking', 'maxWeight', 0.1)).toThrow(/"maxWeight" is not component\.parameter/);
    expect(() => setParameter(db, 'no-such-case', 'con.max-weight.maxWeight', 0.1)).toThrow(/unknown use case "no-such-case" \(known: .*index-tracking/);
  });

  it('does not let an issue the stored use case already had block an unrelated edit', () => {
    // a component a newer release no longer ships, written past the checks as an old store would hold it
    const old = getUseCase(db, 'index-tracking')!.useCase;
    db.transaction(() =>
      writeVersion(db, { ...old, components: [...old.components, { id: 'con.retired', params: {} }] }, { note: 'old release', author: 'user' }),
    )();
    const r = setParameter(db, 'index-tracking', 'con.max-weight.maxWeight', 0.2);
    expect(r.version).toBe(3);
    // and the retired component can be switched off
    expect(disableComponent(db, 'index-tracking', 'con.retired').useCase.components.some((c) => c.id === 'con.retired')).toBe(false);
  });
});

describe('enableComponent and disableComponent', () => {
  it('enables with parameters read as their types, and refuses a component whose required parameter is missing', () => {
    const before = dump();
    const e = refusal(() => enableComponent(db, 'index-tracking', 'con.sector-band'));
    expect(e.where).toEqual({ component: 'con.sector-band', field: 'band' });
    expect(e.message).toMatch(/band.*required, not set/);
    expect(dump()).toBe(before);
    const r = enableComponent(db, 'index-tracking', 'con.sector-band', { band: '5%' });
    expect(params('index-tracking', 'con.sector-band')).toEqual({ band: 0.05 });
    expect(r.version).toBe(2);
  });

  it('refuses to disable a component another one requires, and disables it once that one is gone', () => {
    setParameter(db, 'index-tracking', 'con.max-names.maxNames', 20);
    const before = dump();
    const e = refusal(() => disableComponent(db, 'index-tracking', 'var.selection'));
    expect(e.where.component).toBe('con.max-names');
    expect(e.message).toMatch(/disabled var\.selection, refused: requires variable set 'selected'.*var\.selection does/);
    expect(dump()).toBe(before);

    disableComponent(db, 'index-tracking', 'con.max-names');
    const r = disableComponent(db, 'index-tracking', 'var.selection', { note: 'no name limit' });
    expect(r.useCase.components.map((c) => c.id)).toEqual(useCaseHistory(db, 'index-tracking')[0]!.useCase.components.map((c) => c.id));
    expect(r.note).toBe('no name limit (disabled var.selection)');
    expect(() => disableComponent(db, 'index-tracking', 'con.sector-band')).toThrow(/does not have it/);
  });
});

describe('copyUseCase', () => {
  it('makes a user use case at version 1 and leaves the original alone when the copy is edited', () => {
    const original = getUseCase(db, 'index-tracking')!;
    const copy = copyUseCase(db, 'index-tracking', 'small-caps', { title: 'Small caps' });
    expect(copy).toMatchObject({ origin: 'user', version: 1, note: 'copied from index-tracking v1' });
    expect(copy.useCase).toEqual({ ...original.useCase, id: 'small-caps', title: 'Small caps' });

    setParameter(db, 'small-caps', 'con.max-weight.maxWeight', 0.03);
    expect(getUseCase(db, 'index-tracking')).toEqual(original);
    expect(listUseCases(db).map((u) => [u.id, u.origin])).toContainEqual(['small-caps', 'user']);
    expect(copyUseCase(db, 'small-caps', 'small-caps-2').useCase.title).toBe('Small caps (copy)');
  });

  it('refuses a taken id, a malformed id and an unknown source, writing nothing', () => {
    const before = dump();
    expect(() => copyUseCase(db, 'index-tracking', 'index-tracking')).toThrow(/already exists/);
    expect(() => copyUseCase(db, 'index-tracking', 'has space')).toThrow(/not a use-case id/);
    expect(() => copyUseCase(db, 'nope', 'fresh')).toThrow(/unknown use case "nope"/);
    expect(dump()).toBe(before);
  });
});
