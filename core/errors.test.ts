import { describe, expect, it } from 'vitest';
import { toApiError } from './apiError.ts';
import { InputError, StoreError, UnwritableNumberError } from './errors.ts';

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

describe('errors as the envelope says them (toApiError)', () => {
  const errno = (code: string, file: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: raw text, open '${file}'`), { code, path: file, syscall: 'open' });

  it('a file-system error the user fixes is bad input (exit 1) naming the path; an I/O error is internal (exit 2), still naming it', () => {
    expect(toApiError(errno('ENOSPC', '/out/book/allocations.csv'))).toEqual({
      code: 'bad-input',
      message: '/out/book/allocations.csv: no space left on the device (ENOSPC)',
      where: { file: '/out/book/allocations.csv' },
    });
    expect(toApiError(errno('EACCES', '/out')).message).toBe('/out: permission denied (EACCES)');
    expect(toApiError(errno('EROFS', '/mnt/ro/x')).code).toBe('bad-input');
    expect(toApiError(errno('EIO', '/dev/disk/x'))).toMatchObject({ code: 'internal', message: '/dev/disk/x: an input/output error on the device (EIO)' });
  });

  it("a store error names the file, SQLite's code and what to do: bad input when the file must move, internal when it may clear", () => {
    const notDb = new StoreError('/home/u/.local/share/jessica/jessica.sqlite', 'SQLITE_NOTADB', 'file is not a database');
    expect(notDb.message).toBe('/home/u/.local/share/jessica/jessica.sqlite: is not a Jessica database (SQLITE_NOTADB): move it aside or set JESSICA_HOME');
    expect(toApiError(notDb)).toMatchObject({ code: 'bad-input', where: { file: '/home/u/.local/share/jessica/jessica.sqlite' } });
    expect(toApiError(new StoreError('/s/jessica.sqlite', 'SQLITE_FULL', 'database or disk is full')).code).toBe('bad-input');
    expect(toApiError(new StoreError('/s/jessica.sqlite', 'SQLITE_BUSY', 'database is locked'))).toMatchObject({ code: 'internal', message: expect.stringMatching(/locked by another process \(SQLITE_BUSY\)/) });
  });

  it('a number that cannot be written is internal (exit 2), naming the file and column', () => {
    expect(toApiError(new UnwritableNumberError('out/portfolio.csv', 'value', Infinity))).toMatchObject({ code: 'internal', where: { file: 'out/portfolio.csv', field: 'value' } });
  });

  it('a placed problem is not prefixed again', () => {
    const e = new InputError('--out out/x: is a file, not a directory', { file: 'out/x', field: 'out' }, { placed: true });
    expect(e.message).toBe('--out out/x: is a file, not a directory');
    expect(e.where).toEqual({ file: 'out/x', field: 'out' });
  });
});
