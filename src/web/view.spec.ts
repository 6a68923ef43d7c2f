import { formatUntil } from './view';

describe('formatUntil: the end of a period as a reader counts it', () => {
  it('says midnight (Beijing time) as 24:00 of the day before, the last day the period covers', () => {
    // 2026-12-09 00:00 in Asia/Shanghai is 2026-12-08 16:00 UTC.
    expect(formatUntil('2026-12-08T16:00:00Z')).toBe('2026-12-08 24:00');
    expect(formatUntil(new Date('2027-01-01T16:00:00Z'))).toBe('2027-01-01 24:00');
    // Across a month and a year's end.
    expect(formatUntil('2026-11-30T16:00:00Z')).toBe('2026-11-30 24:00');
    expect(formatUntil('2026-12-31T16:00:00Z')).toBe('2026-12-31 24:00');
  });

  it('leaves any other time as it is', () => {
    expect(formatUntil('2026-12-08T10:30:00Z')).toBe('2026-12-08 18:30');
    expect(formatUntil(null)).toBe('');
  });
});
