import { describe, expect, it } from 'vitest';
import { accountFilterArgs, type AccountFilters } from './bookSlice.ts';

const none: AccountFilters = { clusterId: '', strategy: '', taxStatus: '', minValue: '', maxValue: '', belowMinimum: false };

describe('accountFilterArgs', () => {
  it('sends only the filters the user set', () => {
    expect(accountFilterArgs(4, none)).toEqual({ args: { runId: 4, limit: 500 } });
    expect(accountFilterArgs(4, { clusterId: 'c002', strategy: 'demo-core', taxStatus: 'deferred', minValue: '25000', maxValue: ' ', belowMinimum: true })).toEqual({
      args: { runId: 4, clusterId: 'c002', strategy: 'demo-core', taxStatus: 'deferred', minValue: 25_000, belowMinimum: true, limit: 500 },
    });
  });

  it('names the field that is not a number', () => {
    const parsed = accountFilterArgs(4, { ...none, maxValue: '1e6x' });
    expect('error' in parsed && parsed.error).toMatchObject({ code: 'bad-input', where: { field: 'maxValue' } });
  });
});
