/**
 * The time axis of a waterfall: milliseconds since a run's start mapped onto pixels, linearly, so that runs drawn
 * with one scale line up (the same instant is the same x), and the round instants to label.
 */
export interface TimeScale {
  /** the longest time shown, ms: the axis runs from 0 to it */
  domainMs: number;
  /** the pixel of 0 ms */
  left: number;
  /** the pixels from 0 ms to domainMs */
  width: number;
  /** the pixel of `ms`: left + ms / domainMs × width */
  x(ms: number): number;
  /** the pixels `ms` spans */
  length(ms: number): number;
  /** the instants to label, 0 first, at a round step (1, 2 or 5 × 10^k ms) */
  ticks: number[];
}

/** Roughly this many labels fit on an axis; fewer on a narrow one. */
const PIXELS_PER_TICK = 90;

/** The round step (1, 2 or 5 × 10^k) nearest above span / count: labels people read at a glance. */
export function tickStep(spanMs: number, count: number): number {
  if (!(spanMs > 0) || !(count >= 1)) return 1;
  const raw = spanMs / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-9));
  return step ?? 10 * power;
}

/**
 * A scale from 0 to `domainMs` over `width` pixels starting at `left`. A run without time (0 ms) gets a 1 ms
 * domain so that nothing divides by zero and its zero-length bars sit at the left edge.
 */
export function timeScale(domainMs: number, left: number, width: number): TimeScale {
  const domain = domainMs > 0 && Number.isFinite(domainMs) ? domainMs : 1;
  const px = Math.max(width, 1);
  const step = tickStep(domain, Math.max(1, Math.floor(px / PIXELS_PER_TICK)));
  const ticks: number[] = [];
  // the step is a round number of ms, so multiples of it are exact enough once rounded to 1e-9 ms
  for (let i = 0; i * step <= domain * (1 + 1e-9); i++) ticks.push(Math.round(i * step * 1e9) / 1e9);
  return {
    domainMs: domain,
    left,
    width: px,
    x: (ms) => left + (ms / domain) * px,
    length: (ms) => (ms / domain) * px,
    ticks,
  };
}
