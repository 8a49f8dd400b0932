const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written yyyy-mm-dd (so 2021-02-29 and 2020-13-01 are not). */
export function isCalendarDate(text: string): boolean {
  const match = isoDatePattern.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Hours the farthest time zone (Kiribati, UTC+14) is ahead of UTC. */
const AHEAD_OF_UTC_HOURS = 14;

/**
 * The latest date it is anywhere on earth now, yyyy-mm-dd: the last date a price, an index close, a sale
 * or a lot may carry. Today's date in UTC would refuse a price taken this morning in Auckland or Sydney,
 * where the date is already tomorrow's in UTC terms.
 */
export function latestDateNow(now: number = Date.now()): string {
  return new Date(now + AHEAD_OF_UTC_HOURS * 3_600_000).toISOString().slice(0, 10);
}
