/** Solves A x = b (size × size) by Gaussian elimination with partial pivoting; null when a pivot's magnitude is below `tiny` (default: only an exact 0). */
export function solveDense(A: readonly (readonly number[])[], b: readonly number[], tiny = 0): number[] | null {
  const size = b.length;
  const M = A.map((row, r) => [...row, b[r]!]);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[pivot]![col]!)) pivot = r;
    if (Math.abs(M[pivot]![col]!) < tiny || M[pivot]![col] === 0) return null;
    [M[col], M[pivot]] = [M[pivot]!, M[col]!];
    for (let r = col + 1; r < size; r++) {
      const f = M[r]![col]! / M[col]![col]!;
      for (let q = col; q <= size; q++) M[r]![q] = M[r]![q]! - f * M[col]![q]!;
    }
  }
  const x = new Array<number>(size).fill(0);
  for (let r = size - 1; r >= 0; r--) {
    let s = M[r]![size]!;
    for (let q = r + 1; q < size; q++) s -= M[r]![q]! * x[q]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}
