import { describe, expect, it } from 'vitest';
import { pack, unpack } from './distributedCodec.ts';

describe('distributedCodec', () => {
  it('brings back typed arrays, bytes and nested records as they were', () => {
    const value = {
      returns: Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) / 7),
      csv: new TextEncoder().encode('account_id,ticker,shares\nA1,AAPL,3\n'),
      outcomes: [{ accountId: 'A1', trackingError: 0.0123456789, reason: null, below: false }],
      names: Int32Array.of(4, 8, 15, 16, 23, 42),
    };
    const back = unpack<typeof value>(pack(value));
    expect(back.returns).toBeInstanceOf(Float64Array);
    expect(Array.from(back.returns)).toEqual(Array.from(value.returns));
    expect(new TextDecoder().decode(back.csv)).toBe('account_id,ticker,shares\nA1,AAPL,3\n');
    expect(back.outcomes).toEqual(value.outcomes);
    expect(Array.from(back.names)).toEqual([4, 8, 15, 16, 23, 42]);
  });

  it('packs a chunk of CSV lines to a fraction of its size', () => {
    const lines = Array.from({ length: 20000 }, (_, k) => `A${String(k >> 7).padStart(6, '0')},T${k % 500},${(k * 7919) % 300},${(17 + (k % 97) * 1.25).toFixed(2)},${((k * 31) % 9973) / 10}\n`).join('');
    const bytes = new TextEncoder().encode(lines);
    const packed = pack({ csv: bytes });
    expect(packed.length).toBeLessThan(bytes.length / 3);
    expect(new TextDecoder().decode(unpack<{ csv: Uint8Array }>(packed).csv)).toBe(lines);
  });

  it('refuses a body that was not packed by it', () => {
    expect(() => unpack(Buffer.from('not a packed body, nor any brotli stream'))).toThrow();
  });
});
