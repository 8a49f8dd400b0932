import type { WaterfallBar } from '../../../api/runs.ts';
import type { TimeScale } from './timeScale.ts';

/** Where a bar is drawn, px; `level` counts the bars it is drawn inside on its own row. */
export interface BarBox {
  x: number;
  y: number;
  width: number;
  height: number;
  level: number;
}

/** A bar shorter than this many pixels is drawn this wide, so that a 0.2 ms span can still be seen and hovered. */
export const MIN_BAR_PX = 1;

/**
 * Each bar's box: x at its start, width its duration, on its row with a small gap to the next row. A bar on the same
 * row as its parent (a solver phase inside the cluster solve on a pool's lane: the layout keeps them on the lane's
 * row) is drawn inset inside it, a little thinner at each level, so the phases show within the solve and the lane
 * stays one row.
 */
export function barBoxes(bars: readonly WaterfallBar[], scale: TimeScale, top: number, rowHeight: number): BarBox[] {
  const gap = rowHeight >= 8 ? 2 : rowHeight >= 4 ? 1 : 0;
  const inner = rowHeight - gap;
  const inset = rowHeight >= 14 ? 3 : 1;
  const index = new Map(bars.map((b, i) => [b.spanId, i]));
  const levels = new Array<number>(bars.length).fill(-1);
  const levelOf = (i: number): number => {
    // up the chain of parents on the same row; the guard stops a cycle of parents, which no recorder writes
    const chain: number[] = [];
    let k: number | undefined = i;
    while (k !== undefined && levels[k] === -1 && chain.length <= bars.length) {
      chain.push(k);
      const parent: number | undefined = bars[k]!.parent === null ? undefined : index.get(bars[k]!.parent!);
      k = parent !== undefined && bars[parent]!.row === bars[k]!.row && !chain.includes(parent) ? parent : undefined;
    }
    let level = k === undefined ? -1 : levels[k]!;
    for (let c = chain.length - 1; c >= 0; c--) levels[chain[c]!] = ++level;
    return levels[i]!;
  };
  return bars.map((bar, i) => {
    const level = levelOf(i);
    const pad = Math.max(0, Math.min(level * inset, inner / 2 - 1));
    return {
      x: scale.x(bar.startMs),
      y: top + bar.row * rowHeight + gap / 2 + pad,
      width: Math.max(scale.length(bar.durationMs), MIN_BAR_PX),
      height: Math.max(1, inner - 2 * pad),
      level,
    };
  });
}
