import {
  weekLabel,
  dueInstant,
  formatWeek,
  isoWeekOf,
  mondayOf,
  parseWeek,
  thursdayOf,
  weeksBetween,
  weeksInYear,
} from './iso-week';

describe('ISO weeks and the Thursday deadline', () => {
  it('numbers weeks across year ends, including week 53', () => {
    expect(isoWeekOf('2020-12-31')).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 }); // Sunday still in 2020-W53
    expect(isoWeekOf('2021-01-04')).toEqual({ year: 2021, week: 1 });
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 }); // Monday belongs to next year's week 1
    expect(isoWeekOf('2023-02-16')).toEqual({ year: 2023, week: 7 });
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2023)).toBe(52);
    expect(parseWeek('2023-W53')).toBeNull();
    expect(parseWeek('2020-W53')).toEqual({ year: 2020, week: 53 });
  });

  it('finds Monday and Thursday of a week', () => {
    expect(mondayOf({ year: 2020, week: 53 })).toBe('2020-12-28');
    expect(thursdayOf({ year: 2020, week: 53 })).toBe('2020-12-31');
    expect(thursdayOf({ year: 2025, week: 1 })).toBe('2025-01-02');
    expect(weeksBetween({ year: 2020, week: 52 }, { year: 2021, week: 2 }).map(formatWeek)).toEqual([
      '2020-W52',
      '2020-W53',
      '2021-W01',
      '2021-W02',
    ]);
  });

  it('puts the default deadline at the end of Thursday in Shanghai, whatever the server zone', () => {
    expect(dueInstant({ year: 2023, week: 7 }, '24:00', 'Asia/Shanghai').toISOString()).toBe(
      '2023-02-16T16:00:00.000Z',
    );
    expect(dueInstant({ year: 2023, week: 7 }, '17:30', 'Asia/Shanghai').toISOString()).toBe(
      '2023-02-16T09:30:00.000Z',
    );
    expect(dueInstant({ year: 2023, week: 7 }, '24:00', 'Europe/Berlin').toISOString()).toBe(
      '2023-02-16T23:00:00.000Z',
    );
  });

  it('answers the same again when asked again, each time a Date of its own (the answers are kept)', () => {
    const week = { year: 2023, week: 7 };
    const first = dueInstant(week, '24:00', 'Asia/Shanghai');
    first.setUTCFullYear(1999); // a caller changing its Date must not change anyone else's
    expect(dueInstant(week, '24:00', 'Asia/Shanghai').toISOString()).toBe('2023-02-16T16:00:00.000Z');
    expect(dueInstant(week, '24:00', 'Europe/Berlin').toISOString()).toBe('2023-02-16T23:00:00.000Z');
    // Summer time: the same wall clock is another offset in July.
    expect(dueInstant({ year: 2023, week: 28 }, '24:00', 'Europe/Berlin').toISOString()).toBe(
      '2023-07-13T22:00:00.000Z',
    );
    for (let i = 0; i < 3; i++) {
      expect(mondayOf({ year: 2020, week: 53 })).toBe('2020-12-28');
      expect(mondayOf({ year: 2026, week: 1 })).toBe('2025-12-29');
    }
  });
});

describe('weekLabel (issue 18 printouts point 7)', () => {
  it('writes a week the way people read it, Monday to Sunday', () => {
    expect(weekLabel({ year: 2023, week: 9 })).toBe('2023年第9周（2月27日—3月5日）');
    expect(weekLabel({ year: 2026, week: 53 })).toBe('2026年第53周（12月28日—1月3日）');
  });
});
