import { finite } from './finiteNumbers.ts';

/**
 * CSV text written as bytes into one growing buffer, numbers formatted by hand: the batch's two large files are 1 GB
 * for 100,000 accounts, and as strings (a template per line, String() per number, then encoded) they cost more time
 * and garbage collection than mapping the accounts. Every number comes out exactly as String(n) writes it (so the
 * files are what csv-stringify wrote before, byte for byte):
 *   - an integer of at most 15 digits: its digits;
 *   - a number rounded to d decimals (x = round(v·10^d)/10^d, with 1e-6 ≤ |x| < 1e15): the integer k = round(v·10^d)
 *     written with a point before its last d digits and the zeros after the point dropped. That is String(x): the
 *     doubles around x are closer together than 10^-d/2 there (2^-52·|x| < 5e-11 for d ≤ 10 and |x| < 1e5; < 0.005 for
 *     d = 2 and |x| < 1e13), so no shorter decimal rounds to x and the shortest round-trip form is that of k/10^d;
 *   - anything else (an exponent form, 0 <|x|< 1e-6 or ≥ 1e21, a value too large for that argument): String(n).
 * ASCII only: the text cells handed in are pre-encoded bytes (quoted once, csvCells in batchCsvLines.ts).
 */
export class CsvBuffer {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  get size(): number {
    return this.length;
  }

  /** The bytes written, in a buffer of their own. */
  take(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buffer.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** Text of ASCII characters (a header, a fixed cell). */
  ascii(text: string): this {
    this.reserve(text.length);
    this.length += this.buffer.write(text, this.length, 'latin1');
    return this;
  }

  char(code: number): this {
    this.reserve(1);
    this.buffer[this.length++] = code;
    return this;
  }

  /** A number as String(n) writes it; refused (naming the file and column) when not finite. */
  number(n: number, file: string, column: string): this {
    finite(n, file, column);
    if (Number.isInteger(n) && Math.abs(n) < 1e15) return this.integer(n);
    return this.ascii(String(n));
  }

  /** round(v·10^decimals)/10^decimals as String() writes it (see above); refused when not finite. */
  rounded(v: number, decimals: 2 | 10, file: string, column: string): this {
    const scale = decimals === 2 ? 100 : 1e10;
    const k = Math.round(v * scale);
    const x = k / scale;
    finite(x, file, column);
    const ax = Math.abs(x);
    const exact = decimals === 2 ? ax < 1e13 : ax < 1e5;
    if (x === 0 || !exact || ax < 1e-6) return this.ascii(String(x));
    if (k < 0) this.char(45);
    const digits = Math.abs(k);
    const whole = Math.floor(digits / scale);
    let part = digits - whole * scale;
    this.integer(whole);
    if (part === 0) return this;
    // the decimals with their leading zeros, the trailing ones dropped
    let width = decimals;
    while (part % 10 === 0) {
      part /= 10;
      width--;
    }
    this.char(46);
    this.reserve(width);
    for (let i = width - 1; i >= 0; i--) {
      this.buffer[this.length + i] = 48 + (part % 10);
      part = Math.floor(part / 10);
    }
    this.length += width;
    return this;
  }

  private integer(n: number): this {
    if (n < 0) {
      this.char(45);
      n = -n;
    }
    if (n === 0) return this.char(48);
    let digits = 0;
    for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++;
    this.reserve(digits);
    for (let i = digits - 1; i >= 0; i--) {
      this.buffer[this.length + i] = 48 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.length += digits;
    return this;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
