import { addDays, dateInZone, daysBetween, isIsoDate, isPastDeadline } from './business-date';

describe('business dates in Asia/Shanghai', () => {
  const zone = 'Asia/Shanghai';
  it('takes the calendar date in the business zone, not the server’s', () => {
    expect(dateInZone(new Date('2023-02-13T15:59:59Z'), zone)).toBe('2023-02-13'); // 23:59:59 in Shanghai
    expect(dateInZone(new Date('2023-02-13T16:00:00Z'), zone)).toBe('2023-02-14'); // 00:00 next day
  });
  it('answers the same instant again from its last answer, per zone, and never across a second or a zone', () => {
    const midnight = new Date('2023-02-13T16:00:00.000Z');
    for (let i = 0; i < 3; i++) {
      expect(dateInZone(new Date('2023-02-13T15:59:59.999Z'), zone)).toBe('2023-02-13');
      expect(dateInZone(midnight, zone)).toBe('2023-02-14');
      expect(dateInZone(midnight, 'UTC')).toBe('2023-02-13');
      expect(dateInZone(new Date('2023-02-13T16:00:00.999Z'), zone)).toBe('2023-02-14');
      expect(dateInZone(midnight, 'America/New_York')).toBe('2023-02-13');
    }
  });
  it('passes a deadline only after the end of its day in Shanghai', () => {
    expect(isPastDeadline('2023-02-13', new Date('2023-02-13T15:59:59.999Z'), zone)).toBe(false);
    expect(isPastDeadline('2023-02-13', new Date('2023-02-13T16:00:00Z'), zone)).toBe(true);
  });
  it('validates calendar dates', () => {
    expect(isIsoDate('2023-02-28')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023/02/28')).toBe(false);
    expect(addDays('2023-02-13', 30)).toBe('2023-03-15');
  });
  it('adds days across months, leap days and years, backwards too, and keeps years below 100', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2020-12-28', 7)).toBe('2021-01-04');
    expect(addDays('2021-01-04', -7)).toBe('2020-12-28');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addDays('2023-01-31', 0)).toBe('2023-01-31');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });
  it('counts calendar days between two dates, across months, leap days and years', () => {
    expect(daysBetween('2023-03-20', '2023-03-21')).toBe(1);
    expect(daysBetween('2023-03-20', '2023-03-20')).toBe(0);
    expect(daysBetween('2023-03-21', '2023-03-20')).toBe(-1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2022-12-31', '2023-01-01')).toBe(1);
    expect(daysBetween('2023-01-01', addDays('2023-01-01', 365))).toBe(365);
  });
});
