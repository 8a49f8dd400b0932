import { describe, expect, it } from 'vitest';
import { binaryCopyRows, timestampOf } from './binaryCopyRows.ts';

/** PostgreSQL's binary copy format built by hand: signature, flags, an extension of `extension` bytes, rows, trailer. */
function copyData(rows: (Buffer | null)[][], extension = 0): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(4)];
  const ext = Buffer.alloc(4);
  ext.writeInt32BE(extension);
  parts.push(ext, Buffer.alloc(extension));
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const field of row) {
      const length = Buffer.alloc(4);
      length.writeInt32BE(field === null ? -1 : field.length);
      parts.push(length, ...(field ? [field] : []));
    }
  }
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1);
  return Buffer.concat([...parts, trailer]);
}

describe('binaryCopyRows', () => {
  it('reads rows of fields, NULLs and empty fields, past a header extension', () => {
    const rows = binaryCopyRows(copyData([[Buffer.from('ab'), null, Buffer.alloc(0)], [Buffer.from([0, 255, 10])]], 5));
    expect(rows.map((r) => r.map((f) => (f === null ? null : [...f])))).toEqual([[[97, 98], null, []], [[0, 255, 10]]]);
  });

  it('refuses what is not the format, and data cut short, saying where', () => {
    expect(() => binaryCopyRows(Buffer.from('key,body\n1,abc\n'))).toThrow("not PostgreSQL's binary copy format");
    const whole = copyData([[Buffer.from('abcdef')]]);
    expect(() => binaryCopyRows(whole.subarray(0, whole.length - 2))).toThrow('without its trailer');
    expect(() => binaryCopyRows(whole.subarray(0, whole.length - 4))).toThrow('runs past the data');
  });

  it('reads a timestamptz as microseconds since 2000-01-01 UTC', () => {
    const field = Buffer.alloc(8);
    field.writeBigInt64BE(86_400_000_000n + 1_500n);
    expect(timestampOf(field).toISOString()).toBe('2000-01-02T00:00:00.001Z');
  });
});
