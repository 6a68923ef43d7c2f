import { askedWeeks, obligationRequiresWeek, reportCell } from './compliance-cell';
import { formatWeek } from './iso-week';

describe('compliance cell of a required week', () => {
  it('names a submitted report by how it came in', () => {
    expect(reportCell({ submitted: true, late: false, noneFound: false }, true)).toBe('ON_TIME');
    expect(reportCell({ submitted: true, late: false, noneFound: true }, false)).toBe('NONE_FOUND');
    expect(reportCell({ submitted: true, late: true, noneFound: true }, true)).toBe('LATE');
  });

  it('is PENDING without a report until the deadline passes, MISSING after', () => {
    expect(reportCell(null, false)).toBe('PENDING');
    expect(reportCell({ submitted: false, late: false, noneFound: false }, false)).toBe('PENDING');
    expect(reportCell(null, true)).toBe('MISSING');
  });
});

describe('whether an obligation asks for a week', () => {
  const o = { active: true, startDate: '2023-01-12' }; // a Thursday
  it('starts with the week whose Thursday is the start date, and ends with the week begun by the last day', () => {
    expect(obligationRequiresWeek(o, { year: 2023, week: 1 }, null)).toBe(false); // Thu 2023-01-05
    expect(obligationRequiresWeek(o, { year: 2023, week: 2 }, null)).toBe(true); // Thu 2023-01-12
    expect(obligationRequiresWeek(o, { year: 2023, week: 9 }, '2023-02-27')).toBe(true); // Mon 2023-02-27
    expect(obligationRequiresWeek(o, { year: 2023, week: 10 }, '2023-02-27')).toBe(false);
  });

  it('asks nothing of an inactive obligation', () => {
    expect(obligationRequiresWeek({ ...o, active: false }, { year: 2023, week: 5 }, null)).toBe(false);
  });
});

describe('the weeks an obligation asks for, up to the current week', () => {
  const o = { active: true, startDate: '2023-02-13' }; // a Monday: 2023-W07
  const weeks = (lastDay: string | null, until: { year: number; week: number }, of = o) =>
    askedWeeks(of, lastDay, until).map(formatWeek);

  it('runs from the first week to the week begun by the last day, whatever the current week', () => {
    // The demo's campaign: 2023-02-13 to 2023-04-09 (a Sunday), seen from 2026-W50.
    expect(weeks('2023-04-09', { year: 2026, week: 50 })).toEqual([
      '2023-W07',
      '2023-W08',
      '2023-W09',
      '2023-W10',
      '2023-W11',
      '2023-W12',
      '2023-W13',
      '2023-W14',
    ]);
    // A last day on a Monday still asks for its week.
    expect(weeks('2023-02-20', { year: 2026, week: 50 })).toEqual(['2023-W07', '2023-W08']);
  });

  it('stops at the current week while the campaign runs', () => {
    expect(weeks(null, { year: 2023, week: 9 })).toEqual(['2023-W07', '2023-W08', '2023-W09']);
    expect(weeks('2023-04-09', { year: 2023, week: 8 })).toEqual(['2023-W07', '2023-W08']);
  });

  it('starts with the week whose Thursday is on or after the start', () => {
    // Friday 2023-02-17: W07's Thursday is before it, so W08 is the first.
    expect(weeks(null, { year: 2023, week: 9 }, { ...o, startDate: '2023-02-17' })).toEqual([
      '2023-W08',
      '2023-W09',
    ]);
  });

  it('asks nothing yet of a campaign that starts later, nor of an inactive one', () => {
    expect(weeks(null, { year: 2023, week: 6 })).toEqual([]);
    expect(weeks(null, { year: 2023, week: 9 }, { ...o, active: false })).toEqual([]);
  });

  it('crosses the turn of the year by ISO weeks', () => {
    expect(weeks(null, { year: 2021, week: 1 }, { ...o, startDate: '2020-12-21' })).toEqual([
      '2020-W52',
      '2020-W53',
      '2021-W01',
    ]);
  });
});
