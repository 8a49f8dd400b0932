import { describe, expect, it } from 'vitest';
import { isCalendarDate, latestDateNow } from './isoDate.ts';

describe('isCalendarDate', () => {
  it('accepts real dates, including leap days of leap years', () => {
    for (const date of ['2021-04-21', '2020-02-29', '2000-02-29', '1999-12-31', '2024-01-01']) expect(isCalendarDate(date)).toBe(true);
  });

  it('rejects impossible dates and other shapes', () => {
    for (const date of ['2021-02-29', '1900-02-29', '2021-04-31', '2021-13-01', '2021-00-10', '2021-01-00', '2021-1-05', '2021/01/05', '20210105', '', '2021-01-05T00:00']) {
      expect(isCalendarDate(date), date).toBe(false);
    }
  });
});

describe('latestDateNow', () => {
  it('is the date in the farthest time zone, UTC+14: tomorrow in UTC terms from 10:00 UTC on', () => {
    expect(latestDateNow(Date.UTC(2026, 11, 5, 9, 59, 59))).toBe('2026-12-05');
    expect(latestDateNow(Date.UTC(2026, 11, 5, 10, 0, 0))).toBe('2026-12-06');
    expect(latestDateNow(Date.UTC(2026, 11, 31, 23, 0, 0))).toBe('2027-01-01');
  });
});
