import { describe, expect, it } from 'vitest';
import { ACCOUNTS_PAGE, accountFilterArgs, type AccountFilters } from './bookSlice.ts';

const none: AccountFilters = { clusterId: '', strategy: '', taxStatus: '', minValue: '', maxValue: '', belowMinimum: false };

describe('accountFilterArgs', () => {
  it('sends only the filters the user set', () => {
    expect(accountFilterArgs(4, none)).toEqual({ args: { runId: 4, limit: ACCOUNTS_PAGE + 1, offset: 0 } });
    expect(accountFilterArgs(4, { clusterId: 'c002', strategy: 'demo-core', taxStatus: 'deferred', minValue: '25000', maxValue: ' ', belowMinimum: true })).toEqual({
      args: { runId: 4, clusterId: 'c002', strategy: 'demo-core', taxStatus: 'deferred', minValue: 25_000, belowMinimum: true, limit: ACCOUNTS_PAGE + 1, offset: 0 },
    });
  });

  it('asks for the page from an offset, one row more than a page to know whether another follows', () => {
    expect(accountFilterArgs(4, { ...none, taxStatus: 'taxable' }, 400)).toEqual({ args: { runId: 4, taxStatus: 'taxable', limit: ACCOUNTS_PAGE + 1, offset: 400 } });
  });

  it('names the field that is not a number', () => {
    const parsed = accountFilterArgs(4, { ...none, maxValue: '1e6x' });
    expect('error' in parsed && parsed.error).toMatchObject({ code: 'bad-input', where: { field: 'maxValue' } });
  });
});
