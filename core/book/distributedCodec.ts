import { deserialize, serialize } from 'node:v8';
import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * How a distributed batch's inputs and results travel through PostgreSQL: V8's structured serialization (typed arrays,
 * Buffers and plain objects as they are, no JSON round trip of a million numbers) gzipped at level 1, which takes a
 * chunk's 5 MB of CSV text to about a fifth in some 30 ms, a tenth of the time its mapping took.
 */
export function pack(value: unknown): Buffer {
  return gzipSync(serialize(value), { level: 1 });
}

export function unpack<T>(body: Buffer): T {
  return deserialize(gunzipSync(body)) as T;
}
