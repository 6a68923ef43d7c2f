import { RoundKind } from '../../rounds/round.enums';
import { FindingSource, FindingStatus } from '../finding.enums';

/**
 * How every figure counts findings (lists, round statistics, ledger, dashboard, the statutory table, PDFs):
 * - a cancelled finding (作废) is never in a total: it is counted apart, as "作废";
 * - totals are split by source: the audit team's (督察组), the company's own checks, the unit's self-check, hazard
 *   reports — an audit's or a look-back's "问题总数" is the audit team's line, not the sum of everything logged in the
 *   round; a round the company runs itself (公司检查, 专项检查: inspections, hazard reports) has no audit team's
 *   findings, so its "问题总数" counts every source (`roundHeadline`);
 * - 已整改 means closed out (销号), and 整改率 = closed ÷ counted, in percent with one decimal (none when nothing is
 *   counted, never a division by zero).
 * Open and overdue are in open-and-overdue.ts.
 */
export const isCounted = (status: FindingStatus): boolean => status !== FindingStatus.CANCELLED;

export const isRectified = (status: FindingStatus): boolean => status === FindingStatus.CLOSED;

/** The same rule as a SQL condition over a findings alias. */
export const countedSql = (alias: string): string => `${alias}.status <> '${FindingStatus.CANCELLED}'`;
export const rectifiedSql = (alias: string): string => `${alias}.status = '${FindingStatus.CLOSED}'`;

/** Sources in the order every table and chart shows them. */
export const SOURCE_ORDER: readonly FindingSource[] = [
  FindingSource.AUDIT_TEAM,
  FindingSource.COMPANY_CHECK,
  FindingSource.SELF_CHECK,
  FindingSource.HAZARD_REPORT,
];

/**
 * Which findings a round's headline figures (问题总数, 已销号, 已超期, 销号率, and the tables by status, level and
 * category) count: the audit team's for an audit or a look-back (what the 督察组 found; the rest is listed by source),
 * every source for a round the company runs itself.
 */
export type RoundHeadline = 'AUDIT_TEAM' | 'ALL_SOURCES';

export const roundHeadline = (kind: RoundKind): RoundHeadline =>
  kind === RoundKind.AUDIT || kind === RoundKind.LOOK_BACK ? 'AUDIT_TEAM' : 'ALL_SOURCES';

export const inRoundHeadline = (headline: RoundHeadline, source: FindingSource): boolean =>
  headline === 'ALL_SOURCES' || source === FindingSource.AUDIT_TEAM;

/** 整改率 in percent, one decimal; null when nothing is counted. */
export function rectificationRate(rectified: number, counted: number): number | null {
  if (counted <= 0) return null;
  return Math.round((rectified / counted) * 1000) / 10;
}
