import { WeeklyReportStatus } from '../weekly-report.enums';

export { WeeklyReportStatus };

/**
 * The state of a week's 举一反三 report. A row starts as MISSING (made by the first submission or by the deadline
 * job); a submission makes it ON_TIME or LATE by when it came in; before the deadline a unit may correct it (a new
 * version); once submitted and past the deadline it is locked. The deadline job never changes the status: it
 * assesses a report that is still MISSING, or one that came in LATE.
 */

/** Whether a submission comes in before the week's deadline. */
export type SubmissionTiming = 'ON_TIME' | 'LATE';

/** The facts of a stored report the rules look at. */
export interface ReportState {
  status: WeeklyReportStatus;
  /** 0 until the first submission. */
  currentVersion: number;
}

/** The status of a report row nobody has submitted yet. */
export const UNSUBMITTED_STATUS = WeeklyReportStatus.MISSING;

export type SubmissionOutcome =
  | { allowed: true; action: 'SUBMIT' | 'CORRECT'; to: WeeklyReportStatus }
  | { allowed: false; reason: 'LOCKED' };

/**
 * The state table of a submission: a first submission is accepted at any time (late ones marked LATE); a
 * correction only before the deadline; after it a submitted report is locked.
 */
export const SUBMISSION_TABLE: Record<
  'UNSUBMITTED' | 'SUBMITTED',
  Record<SubmissionTiming, SubmissionOutcome>
> = {
  UNSUBMITTED: {
    ON_TIME: { allowed: true, action: 'SUBMIT', to: WeeklyReportStatus.ON_TIME },
    LATE: { allowed: true, action: 'SUBMIT', to: WeeklyReportStatus.LATE },
  },
  SUBMITTED: {
    ON_TIME: { allowed: true, action: 'CORRECT', to: WeeklyReportStatus.ON_TIME },
    LATE: { allowed: false, reason: 'LOCKED' },
  },
};

export const isSubmitted = (r: Pick<ReportState, 'currentVersion'>): boolean => r.currentVersion > 0;

/** What a submission at `timing` does to a report. */
export function submissionOutcome(r: ReportState, timing: SubmissionTiming): SubmissionOutcome {
  return SUBMISSION_TABLE[isSubmitted(r) ? 'SUBMITTED' : 'UNSUBMITTED'][timing];
}

/** A submitted report past its deadline takes no more corrections. */
export const isLocked = (r: Pick<ReportState, 'currentVersion'>, deadlinePassed: boolean): boolean =>
  isSubmitted(r) && deadlinePassed;

/**
 * What the deadline job finds when a week's deadline has passed: nothing to assess for an on-time report; a report
 * still not handed in is MISSING; one handed in after the deadline is LATE.
 */
export function deadlineOutcome(r: ReportState): 'NONE' | 'MISSING' | 'LATE' {
  if (r.status === WeeklyReportStatus.ON_TIME) return 'NONE';
  return isSubmitted(r) ? 'LATE' : 'MISSING';
}

/** The facts of a stored report the compliance cell is named from (see compliance-cell.ts). */
export const cellFacts = (r: ReportState & { noneFound: boolean }) => ({
  submitted: isSubmitted(r),
  late: r.status === WeeklyReportStatus.LATE,
  noneFound: r.noneFound,
});
