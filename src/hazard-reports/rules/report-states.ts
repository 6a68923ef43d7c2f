import { conflict, notFound } from '../../common/errors/domain-error';
import { BountyStatus, HazardReportStatus } from '../hazard-report.enums';
import { isCommitted } from './bounty-states';

/** 核查结论 as the safety office states it. */
export type TriageResult = 'VALID' | 'INVALID' | 'DUPLICATE';

/** The states of a hazard report and where each may go: a SUBMITTED report is triaged once, then it stays. */
export const HAZARD_REPORT_TRANSITIONS: Record<HazardReportStatus, readonly HazardReportStatus[]> = {
  [HazardReportStatus.SUBMITTED]: [
    HazardReportStatus.VALID,
    HazardReportStatus.INVALID,
    HazardReportStatus.DUPLICATE,
  ],
  [HazardReportStatus.VALID]: [],
  [HazardReportStatus.INVALID]: [],
  [HazardReportStatus.DUPLICATE]: [],
};

const TRIAGE_TARGET: Record<TriageResult, HazardReportStatus> = {
  VALID: HazardReportStatus.VALID,
  INVALID: HazardReportStatus.INVALID,
  DUPLICATE: HazardReportStatus.DUPLICATE,
};

export const canMoveReport = (from: HazardReportStatus, to: HazardReportStatus): boolean =>
  HAZARD_REPORT_TRANSITIONS[from].includes(to);

/** 核查 (by the safety office, checked at the door): the status the result leads to, or why not. */
export function triageTransition(current: HazardReportStatus, result: TriageResult): HazardReportStatus {
  const target = TRIAGE_TARGET[result];
  if (!canMoveReport(current, target)) {
    throw conflict('HAZARD_REPORT_TRIAGED', `该举报已核查为 ${current} / Already triaged as ${current}`, {
      current,
    });
  }
  return target;
}

/** Only the reporter adds photos, and only before triage (a report of someone else does not exist for them). */
export function assertPhotoAllowed(
  report: { id: number; reporterId: number; status: HazardReportStatus } | null,
  actorId: number,
  id: number,
): void {
  if (!report || report.reporterId !== actorId) throw notFound('隐患举报 / Hazard report', id);
  if (report.status !== HazardReportStatus.SUBMITTED)
    throw conflict('HAZARD_REPORT_TRIAGED', '举报已处理，不能再补充照片 / Already triaged');
}

/** A report repeats an earlier one only if that one came first and was not found invalid. */
export function isEarlierReport(
  report: { id: number; reportedAt: Date },
  earlier: { id: number; reportedAt: Date; status: HazardReportStatus } | null,
): boolean {
  return (
    !!earlier &&
    earlier.id !== report.id &&
    earlier.reportedAt <= report.reportedAt &&
    earlier.status !== HazardReportStatus.INVALID
  );
}

/** Only a VALID report earns a bounty (a duplicate never does: the first valid reporter is the one rewarded). */
export function assertBountyEligible(status: HazardReportStatus): void {
  if (status === HazardReportStatus.VALID) return;
  throw conflict(
    'BOUNTY_NOT_ELIGIBLE',
    status === HazardReportStatus.DUPLICATE
      ? '重复举报不予奖励（只奖励首个有效举报） / Duplicates earn no bounty'
      : '只有核查有效的举报才能奖励 / Only valid reports earn a bounty',
    { reportStatus: status },
  );
}

/** A report still to be triaged (and still open to the reporter's photos). */
export const awaitsTriage = (status: HazardReportStatus): boolean => status === HazardReportStatus.SUBMITTED;

/** A valid report without a live bounty (none yet, or its bounty was rejected or cancelled): one may be proposed. */
export const awaitsBounty = (report: {
  status: HazardReportStatus;
  bounty: { status: BountyStatus | null } | null;
}): boolean =>
  report.status === HazardReportStatus.VALID &&
  (!report.bounty || report.bounty.status === null || !isCommitted(report.bounty.status));
