/**
 * A span's or run's time as a manager reads it: `850 ms`, `3.4 s`, `2 min 05 s`. Tenths of a second from a
 * second up: a stage's share of the run matters here, not its microseconds.
 */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const sign = ms < 0 ? '-' : '';
  const v = Math.abs(ms);
  if (v < 1) return `${sign}${v === 0 ? '0' : v.toFixed(2)} ms`;
  if (v < 1000) return `${sign}${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
  if (v < 60_000) return `${sign}${(v / 1000).toFixed(1)} s`;
  const seconds = Math.round(v / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${sign}${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${sign}${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
