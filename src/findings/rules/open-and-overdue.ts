import { FindingStatus } from '../finding.enums';

/**
 * Which findings are open and which are overdue (DOMAIN.md §3) — the one rule every list, count, ledger, statistic
 * and page uses. Overdue is derived, never stored: open in a state where the unit still owes the rectification, and
 * past the end of the deadline day in the business time zone (`today` is that zone's calendar date, YYYY-MM-DD).
 */
export const OPEN_STATUSES: readonly FindingStatus[] = [
  FindingStatus.ASSIGNED,
  FindingStatus.RECTIFYING,
  FindingStatus.PENDING_VERIFICATION,
  FindingStatus.VERIFIED,
];

/** Statuses in which the unit still owes the rectification: these become overdue after the deadline. */
export const UNIT_OWES_STATUSES: readonly FindingStatus[] = [
  FindingStatus.ASSIGNED,
  FindingStatus.RECTIFYING,
];

export const isOpen = (status: FindingStatus): boolean => OPEN_STATUSES.includes(status);

export const isOverdue = (finding: { status: FindingStatus; deadline: string }, today: string): boolean =>
  UNIT_OWES_STATUSES.includes(finding.status) && finding.deadline < today;

/**
 * The same rule as a SQL condition over a findings alias, for queries that count or filter in the database.
 * `statusesParam` and `todayParam` are the placeholders the caller binds to UNIT_OWES_STATUSES (an array) and today.
 */
export const overdueSql = (alias: string, statusesParam: string, todayParam: string): string =>
  `(${alias}.status = ANY(${statusesParam}) AND ${alias}.deadline < ${todayParam})`;
