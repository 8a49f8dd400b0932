/** An instant from the team database as the Settings screen writes it: to the second, in UTC, so every analyst reads the same. */
export function syncedAt(iso: string | null): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
