import type { DashboardFigureRow } from '../findings/dashboard-statistics.repository';
import { FindingStatus, HazardLevel } from '../findings/finding.enums';
import { rectificationRate } from '../findings/rules/counting';
import { formatWeek, isoWeekOf } from '../weekly-reports/rules/iso-week';
import type { WeeklyUnitComplianceRow } from '../weekly-reports/weekly-reports.repository';
import type { DashboardFigureView } from './dashboard.dto';
import { COUNTED_STATUSES, findingListHref, OPEN_STATUS_LIST, type ListFilters } from './rules/list-links';
import type { Period } from './rules/period';
import { ancestorIds } from '../org/unit-tree';

/** The finding lists a period's figures and charts link to (their filters). */
export interface PeriodLists {
  /** Only the unit subtree asked for. */
  base: ListFilters;
  /** Found in the period, cancelled apart. */
  found: ListFilters;
  /** Closed in the period. */
  closed: ListFilters;
  /** Found before the period's end (for the figures "as of today"). */
  upToEnd: ListFilters;
}

export function periodLists(period: Period, unitId?: number): PeriodLists {
  const base: ListFilters = { unitId };
  return {
    base,
    found: { ...base, status: COUNTED_STATUSES, foundFrom: period.from, foundTo: period.to },
    closed: { ...base, status: FindingStatus.CLOSED, closedFrom: period.from, closedTo: period.to },
    upToEnd: { ...base, foundTo: period.to },
  };
}

/** The weekly-report compliance matrix of a unit's company over the period's weeks. */
export function complianceHref(unitPath: string | null | undefined, period: Period): string {
  const company = unitPath ? ancestorIds(unitPath)[0] : undefined;
  const params = new URLSearchParams({
    ...(company ? { companyUnitId: String(company) } : {}),
    from: formatWeek(isoWeekOf(period.from)),
    to: formatWeek(isoWeekOf(period.to)),
  });
  return `/weekly-reports/compliance?${params.toString()}`;
}

/** The bounty ledger of exactly what 举报奖励发放 counts: paid (发放日期) in the period, in the unit's subtree. */
export function bountiesPaidHref(period: Period, unitId?: ListFilters[string]): string {
  const params = new URLSearchParams({
    status: 'PAID',
    from: period.from,
    to: period.to,
    ...(unitId !== undefined && unitId !== '' ? { unitId: String(unitId) } : {}),
  });
  return `/bounties?${params.toString()}`;
}

/** What the key figures are made of: the counts of the owners (findings, weekly-reports, hazard-reports). */
export interface FigureInputs {
  period: Period;
  lists: PeriodLists;
  figures: DashboardFigureRow;
  weekly: WeeklyUnitComplianceRow[];
  bounties: { count: number; yuan: number };
  /** The unit the compliance link opens when no weekly row names one (the unit asked for, or the user's own). */
  homePath: string | null;
}

/** The key figures of the dashboard, each with the list it counts and the rule in words. */
export function keyFigures({
  period,
  lists,
  figures,
  weekly,
  bounties,
  homePath,
}: FigureInputs): DashboardFigureView[] {
  const { found, closed, upToEnd } = lists;
  const weekDue = weekly.reduce((s, r) => s + r.due, 0);
  const weekOnTime = weekly.reduce((s, r) => s + r.on_time, 0);
  const fig = (
    key: string,
    label: string,
    value: number | null,
    unitLabel: string,
    href: string | null,
    rule: string,
  ): DashboardFigureView => ({ key, label, value, unit: unitLabel, href, rule });
  return [
    fig('found', '发现问题', figures.found, '项', findingListHref(found), '期间内发现（发现日期），不含作废'),
    fig('closed', '销号', figures.closed, '项', findingListHref(closed), '期间内销号（销号日期）'),
    fig(
      'rectificationRate',
      '整改率',
      rectificationRate(figures.found_closed, figures.found),
      '%',
      findingListHref({ ...found, status: FindingStatus.CLOSED }),
      '期间内发现的问题中已销号的比例（已整改 = 销号）',
    ),
    fig(
      'open',
      '未销号',
      figures.open,
      '项',
      findingListHref({ ...upToEnd, status: OPEN_STATUS_LIST }),
      '截至今日未销号（期末前发现）',
    ),
    fig(
      'overdue',
      '超期',
      figures.overdue,
      '项',
      findingListHref({ ...upToEnd, overdue: true }),
      '截至今日超期：待整改且整改时限已过（期末前发现）',
    ),
    fig(
      'majorOpen',
      '重大隐患未销号',
      figures.major_open,
      '项',
      findingListHref({ ...upToEnd, level: HazardLevel.MAJOR, status: OPEN_STATUS_LIST }),
      '截至今日未销号的重大隐患（期末前发现）',
    ),
    fig(
      'avgDays',
      '平均销号天数',
      figures.avg_days,
      '天',
      findingListHref(closed),
      '期间内销号的问题，发现到销号的天数',
    ),
    fig('p90Days', '90%销号天数', figures.p90_days, '天', findingListHref(closed), '九成问题在此天数内销号'),
    fig(
      'weeklyOnTime',
      '周报按时率',
      rectificationRate(weekOnTime, weekDue),
      '%',
      complianceHref(weekly[0]?.unit_path ?? homePath, period),
      `截止时间在期间内的举一反三周报：按时 ${weekOnTime} / 应报 ${weekDue}`,
    ),
    fig(
      'bountiesPaid',
      '举报奖励发放',
      bounties.yuan,
      '元',
      bountiesPaidHref(period, lists.base.unitId),
      `期间内发放（发放日期）${bounties.count} 笔`,
    ),
    fig(
      'cancelled',
      '作废（另计）',
      figures.cancelled,
      '项',
      findingListHref({ ...found, status: FindingStatus.CANCELLED }),
      '期间内发现后作废，不计入任何合计',
    ),
  ];
}
