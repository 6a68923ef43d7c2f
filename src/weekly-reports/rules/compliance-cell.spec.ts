import { obligationRequiresWeek, reportCell } from './compliance-cell';

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
