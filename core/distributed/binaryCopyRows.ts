/**
 * The rows of `COPY … TO STDOUT (FORMAT binary)` (PostgreSQL's binary copy format): an 11-byte signature, a 32-bit
 * flags field, a 32-bit header-extension length and the extension; then per row a 16-bit field count and each field
 * as a 32-bit length (−1: NULL) and that many bytes in the type's binary form; a field count of −1 ends the data.
 * A bytea field is its bytes as they are: read this way a result costs no hex text (twice its size in the text
 * protocol, which node-postgres always reads) on either side.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Each row's fields (views into `data`, not copies), in order. */
export function binaryCopyRows(data: Buffer): (Buffer | null)[][] {
  if (data.length < SIGNATURE.length + 8 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new Error(`not PostgreSQL's binary copy format: ${data.length} bytes starting ${JSON.stringify(data.subarray(0, 11).toString('latin1'))}`);
  }
  let at = SIGNATURE.length + 4;
  at += 4 + data.readInt32BE(at);
  const rows: (Buffer | null)[][] = [];
  for (;;) {
    if (at + 2 > data.length) throw new Error(`binary copy data ends at byte ${data.length} without its trailer`);
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return rows;
    const row: (Buffer | null)[] = [];
    for (let f = 0; f < fields; f++) {
      const length = data.readInt32BE(at);
      at += 4;
      if (length === -1) row.push(null);
      else {
        if (at + length > data.length) throw new Error(`binary copy field of ${length} bytes at byte ${at} runs past the data's ${data.length}`);
        row.push(data.subarray(at, at + length));
        at += length;
      }
    }
    rows.push(row);
  }
}

/** timestamptz in binary: microseconds since 2000-01-01 00:00 UTC, as a 64-bit integer. */
export function timestampOf(field: Buffer): Date {
  return new Date(Date.UTC(2000, 0, 1) + Number(field.readBigInt64BE(0) / 1000n));
}
