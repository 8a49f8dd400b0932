/** How the workbench writes figures: weights and tracking error in percent, money in dollars, counts grouped. */
const grouped = new Intl.NumberFormat('en-US');
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });

export function percent(value: number | null | undefined, digits = 2): string {
  return value == null || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** An active weight with its sign, in percentage points. */
export function activePoints(value: number, digits = 2): string {
  const text = (value * 100).toFixed(digits);
  return `${value > 0 && Number(text) !== 0 ? '+' : ''}${text} pp`;
}

export function count(value: number | null | undefined): string {
  return value == null ? '—' : grouped.format(value);
}

export function money(value: number | null | undefined): string {
  return value == null ? '—' : dollars.format(value);
}

export function decimal(value: number | null | undefined, digits = 4): string {
  if (value == null || !Number.isFinite(value)) return '—';
  return Math.abs(value) !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6) ? value.toExponential(3) : value.toFixed(digits);
}

export function milliseconds(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}
