import { countedFromFor, uncountedWeeks, weekCounts } from './counted-weeks';

const ZONE = 'Asia/Shanghai';

describe('which weeks of an obligation count', () => {
  it('counts this week when its Thursday deadline is still ahead, else from next week', () => {
    // Thursday 2023-03-16 23:00 in Shanghai: W11's deadline (24:00) is ahead.
    expect(countedFromFor(new Date('2023-03-16T15:00:00Z'), '2023-03-16', '24:00', ZONE)).toBe('2023-03-13');
    // Friday 00:30: W11's deadline has passed, W12 is the first counted week.
    expect(countedFromFor(new Date('2023-03-16T16:30:00Z'), '2023-03-17', '24:00', ZONE)).toBe('2023-03-20');
    // An earlier deadline time: Thursday 18:00 is past at 19:00.
    expect(countedFromFor(new Date('2023-03-16T11:00:00Z'), '2023-03-16', '18:00', ZONE)).toBe('2023-03-20');
  });

  it('never counts a week before the one it was set in', () => {
    const o = { countedFrom: '2023-03-13' };
    expect(weekCounts(o, { year: 2023, week: 10 })).toBe(false);
    expect(weekCounts(o, { year: 2023, week: 11 })).toBe(true);
  });

  it('lists the past weeks a back-dated start asks for, and none for a start in the future', () => {
    const o = { active: true, startDate: '2023-01-02', countedFrom: '2023-03-13' };
    expect(uncountedWeeks(o, null)).toHaveLength(10); // W01 … W10
    expect(uncountedWeeks(o, '2023-01-15')).toHaveLength(2); // ended in W02
    expect(uncountedWeeks({ ...o, startDate: '2023-03-20' }, null)).toEqual([]);
  });
});
