import { WeeklyReportStatus as S } from '../weekly-report.enums';
import {
  cellFacts,
  deadlineOutcome,
  isLocked,
  submissionOutcome,
  UNSUBMITTED_STATUS,
} from './weekly-report-state';

describe('weekly report state', () => {
  const missing = { status: UNSUBMITTED_STATUS, currentVersion: 0 };
  const onTime = { status: S.ON_TIME, currentVersion: 1 };
  const late = { status: S.LATE, currentVersion: 1 };

  it('starts as MISSING until a unit submits', () => {
    expect(UNSUBMITTED_STATUS).toBe(S.MISSING);
  });

  it('accepts a first submission on time or late, marking it by when it came in', () => {
    expect(submissionOutcome(missing, 'ON_TIME')).toEqual({ allowed: true, action: 'SUBMIT', to: S.ON_TIME });
    expect(submissionOutcome(missing, 'LATE')).toEqual({ allowed: true, action: 'SUBMIT', to: S.LATE });
  });

  it('takes a correction before the deadline and keeps the report on time', () => {
    expect(submissionOutcome(onTime, 'ON_TIME')).toEqual({ allowed: true, action: 'CORRECT', to: S.ON_TIME });
    expect(submissionOutcome({ ...onTime, currentVersion: 3 }, 'ON_TIME')).toMatchObject({
      action: 'CORRECT',
    });
  });

  it('locks a submitted report after the deadline', () => {
    expect(submissionOutcome(onTime, 'LATE')).toEqual({ allowed: false, reason: 'LOCKED' });
    expect(submissionOutcome(late, 'LATE')).toEqual({ allowed: false, reason: 'LOCKED' });
    expect(isLocked(onTime, true)).toBe(true);
    expect(isLocked(onTime, false)).toBe(false);
    expect(isLocked(missing, true)).toBe(false);
  });

  it('assesses at the deadline what is still missing or came in late, nothing that was on time', () => {
    expect(deadlineOutcome(missing)).toBe('MISSING');
    expect(deadlineOutcome(late)).toBe('LATE');
    expect(deadlineOutcome(onTime)).toBe('NONE');
  });

  it('gives the compliance cell its facts', () => {
    expect(cellFacts({ ...late, noneFound: true })).toEqual({ submitted: true, late: true, noneFound: true });
    expect(cellFacts({ ...missing, noneFound: false })).toEqual({
      submitted: false,
      late: false,
      noneFound: false,
    });
  });
});
