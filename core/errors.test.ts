import { describe, expect, it } from 'vitest';
import { InputError } from './errors.ts';

describe('InputError', () => {
  it('names the file (as given), line and field before the problem', () => {
    const error = new InputError('"abc" is not a number', { file: '/data/sp500/prices.csv.gz', line: 1043, field: 'close' });
    expect(error.message).toBe('/data/sp500/prices.csv.gz line 1043, field close: "abc" is not a number');
    expect(error.where).toEqual({ file: '/data/sp500/prices.csv.gz', line: 1043, field: 'close' });
    expect(error).toBeInstanceOf(Error);
  });

  it('names only what it is given', () => {
    expect(new InputError('file not found', { file: 'x/index.csv' }).message).toBe('x/index.csv: file not found');
    expect(new InputError('must be positive', { field: 'lookback' }).message).toBe('field lookback: must be positive');
    expect(new InputError('needs a maxNames', { component: 'con.max-names' }).message).toBe('component con.max-names: needs a maxNames');
    expect(new InputError('plain').message).toBe('plain');
  });
});
