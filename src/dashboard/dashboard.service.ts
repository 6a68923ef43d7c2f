import { MajorHazardFigures } from './major-hazard-figures';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { validationFailed } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import {
  DashboardStatisticsRepository,
  type DashboardBreakdownRow,
  type DashboardFilter,
} from '../findings/dashboard-statistics.repository';
import {
  FINDING_SOURCE_LABEL,
  FindingStatus,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from '../findings/finding.enums';
import { rectificationRate, SOURCE_ORDER } from '../findings/rules/counting';
import { BountyLedgerService } from '../hazard-reports/bounty-ledger.service';
import { UnitsService } from '../org/units.service';
import { GATE_RULES } from '../closeout/rules/closeout-gate';
import { formatWeek, isoWeekOf } from '../weekly-reports/rules/iso-week';
import {
  WeeklyReportsRepository,
  type WeeklyUnitComplianceRow,
} from '../weekly-reports/weekly-reports.repository';
import type { DashboardChartView, DashboardFigureView, DashboardQuery, DashboardView } from './dashboard.dto';
import { COUNTED_STATUSES, findingListHref, OPEN_STATUS_LIST, type ListFilters } from './rules/list-links';
import { resolvePeriod, twelveMonthsEnding, type Period } from './rules/period';
import { pathIds, secondaryUnitOf, type UnitNode } from './rules/secondary-unit';

const LEVELS = [HazardLevel.GENERAL, HazardLevel.SERIOUS, HazardLevel.MAJOR];
const TOP_GROUPS = 8;

/** Rolled-up counts of one 二级单位. */
interface UnitTotals {
  unit: UnitNode;
  found: number;
  foundClosed: number;
  overdue: number;
}

/**
 * 驾驶舱: the key figures and charts of a period for the user's unit subtree. Every count is made in SQL by the
 * module owning the table (findings, weekly-reports, hazard-reports) with the shared counting rules; this service
 * only picks the period, rolls units up to 二级单位, and attaches to every number the list it counts.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly stats: DashboardStatisticsRepository,
    private readonly weekly: WeeklyReportsRepository,
    private readonly bounties: BountyLedgerService,
    private readonly units: UnitsService,
    private readonly clock: Clock,
    private readonly majorHazards: MajorHazardFigures,
  ) {}

  /** The period a query asks for (400 naming the field when a custom range is wrong). */
  period(q: DashboardQuery): Period {
    const p = resolvePeriod(q.period ?? 'month', q.at ?? this.clock.today(), q.from, q.to);
    if ('field' in p) throw validationFailed([{ field: p.field, messages: [p.message] }]);
    return p;
  }

  async view(actor: Actor, q: DashboardQuery): Promise<DashboardView> {
    const period = this.period(q);
    const unit = q.unitId ? await this.units.get(actor, q.unitId) : null; // 404 outside the scope
    const scope = UnitScope.of(actor);
    const today = this.clock.today();
    const d: DashboardFilter = {
      scope,
      unitId: q.unitId,
      from: period.from,
      to: period.to,
      today,
      timeZone: this.clock.timeZone,
    };
    const months = twelveMonthsEnding(period.to);
    const [figures, breakdowns, byMonth, refusals, groups, weekly, bounties] = await Promise.all([
      this.stats.figures(d),
      this.stats.breakdowns(d),
      this.stats.byMonth({ ...d, from: months[0].from }),
      this.stats.refusalsByRule(d),
      this.stats.similarGroups(d, TOP_GROUPS),
      this.weekly.complianceByUnit({ ...d, now: this.clock.now() }),
      this.bounties.paidInPeriod(actor, { from: period.from, to: period.to, unitId: q.unitId }),
    ]);
    const base: ListFilters = { unitId: q.unitId };
    const found: ListFilters = {
      ...base,
      status: COUNTED_STATUSES,
      foundFrom: period.from,
      foundTo: period.to,
    };
    const closed: ListFilters = {
      ...base,
      status: FindingStatus.CLOSED,
      closedFrom: period.from,
      closedTo: period.to,
    };
    const upToEnd: ListFilters = { ...base, foundTo: period.to };
    const weekDue = weekly.reduce((s, r) => s + r.due, 0);
    const weekOnTime = weekly.reduce((s, r) => s + r.on_time, 0);
    const complianceHref = this.complianceHref(
      weekly[0]?.unit_path ?? unit?.path ?? actor.homeUnitPath,
      period,
    );
    const fig = (
      key: string,
      label: string,
      value: number | null,
      unitLabel: string,
      href: string | null,
      rule: string,
    ): DashboardFigureView => ({ key, label, value, unit: unitLabel, href, rule });
    const keyFigures: DashboardFigureView[] = [
      fig(
        'found',
        '发现问题',
        figures.found,
        '项',
        findingListHref(found),
        '期间内发现（发现日期），不含作废',
      ),
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
      fig(
        'p90Days',
        '90%销号天数',
        figures.p90_days,
        '天',
        findingListHref(closed),
        '九成问题在此天数内销号',
      ),
      fig(
        'weeklyOnTime',
        '周报按时率',
        rectificationRate(weekOnTime, weekDue),
        '%',
        complianceHref,
        `截止时间在期间内的举一反三周报：按时 ${weekOnTime} / 应报 ${weekDue}`,
      ),
      fig(
        'bountiesPaid',
        '举报奖励发放',
        bounties.yuan,
        '元',
        `/bounties?status=PAID`,
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
    keyFigures.push(...(await this.majorHazards.figures(actor, q.unitId))); // 挂牌督办 (issue 21)
    const rolled = await this.rollUp(actor, breakdowns);
    const charts: DashboardChartView[] = [
      {
        key: 'byMonth',
        title: '近12个月发现与销号',
        kind: 'bar',
        unit: '项',
        categories: months.map((m) => m.month),
        series: [
          {
            name: '发现',
            values: months.map((m) => byMonth.find((r) => r.month === m.month)?.found ?? 0),
            links: months.map((m) =>
              findingListHref({ ...base, status: COUNTED_STATUSES, foundFrom: m.from, foundTo: m.to }),
            ),
          },
          {
            name: '销号',
            values: months.map((m) => byMonth.find((r) => r.month === m.month)?.closed ?? 0),
            links: months.map((m) =>
              findingListHref({ ...base, status: FindingStatus.CLOSED, closedFrom: m.from, closedTo: m.to }),
            ),
          },
        ],
        rule: '发现：当月发现（不含作废）；销号：当月销号',
      },
      this.unitChart(
        'overdueByUnit',
        '超期问题（按二级单位）',
        '超期',
        '项',
        rolled
          .filter((u) => u.overdue > 0)
          .sort((a, b) => b.overdue - a.overdue || a.unit.path.localeCompare(b.unit.path)),
        (u) => u.overdue,
        (u) => findingListHref({ ...upToEnd, unitId: u.unit.id, overdue: true }),
        '截至今日超期（期末前发现），按二级单位由多到少',
      ),
      foundBy(
        'byLevel',
        '按隐患等级',
        LEVELS.map((l) => [
          HAZARD_LEVEL_LABEL[l],
          breakdowns.find((r) => r.level === l),
          { ...found, level: l },
        ]),
        '期间内发现，不含作废',
      ),
      foundBy(
        'bySource',
        '按问题来源',
        SOURCE_ORDER.map((s) => [
          FINDING_SOURCE_LABEL[s],
          breakdowns.find((r) => r.source === s),
          { ...found, source: s },
        ]),
        '期间内发现，不含作废；各来源分列',
      ),
      this.unitChart(
        'rateByUnit',
        '整改率（按二级单位）',
        '整改率（已销号/发现）',
        '%',
        rolled
          .filter((u) => u.found > 0)
          .sort((a, b) => rateOf(a) - rateOf(b) || a.unit.path.localeCompare(b.unit.path)),
        rateOf,
        (u) => findingListHref({ ...found, unitId: u.unit.id }),
        '期间内发现的问题中已销号的比例，由低到高；链接为期间内发现的问题',
        (u) => `${u.foundClosed}/${u.found}`,
      ),
      {
        key: 'refusedRules',
        title: '销号被拒时未落实的“五个不放过”',
        kind: 'hbar',
        unit: '项',
        categories: GATE_RULES.map((r) => `第${r.number}条 ${r.text}`),
        series: [
          {
            name: '问题数',
            values: GATE_RULES.map((r) => refusals.find((x) => x.rule === r.number)?.findings ?? 0),
            links: GATE_RULES.map((r) =>
              findingListHref({
                ...base,
                refusedRule: r.number,
                refusedFrom: period.from,
                refusedTo: period.to,
              }),
            ),
          },
        ],
        labels: GATE_RULES.map((r) => {
          const x = refusals.find((y) => y.rule === r.number);
          return x ? `${x.findings} 项（被拒 ${x.attempts} 次）` : '0';
        }),
        rule: '期间内被拒绝的销号申请，按未落实的条目计问题数（一次被拒可有多条）',
      },
      {
        key: 'similarGroups',
        title: '反复出现的同类问题',
        kind: 'hbar',
        unit: '项',
        categories: groups.map((g) => shorten(g.label, 18)),
        series: [
          {
            name: '同类问题数',
            values: groups.map((g) => g.n),
            links: groups.map((g) => findingListHref({ ...found, similarGroup: g.anchor_id })),
          },
        ],
        rule: '期间内发现（不含作废）且互相关联为同类的问题，按组内问题数由多到少',
      },
      this.weeklyChart(weekly, period),
    ];
    return {
      period,
      today,
      scopeLabel: unit ? unit.name : scope.isOrganisationWide ? '全部单位' : '本单位及下级单位',
      unitId: q.unitId ?? null,
      figures: keyFigures,
      charts,
    };
  }

  /** A horizontal bar per 二级单位. */
  private unitChart(
    key: string,
    title: string,
    seriesName: string,
    unitLabel: string,
    rows: UnitTotals[],
    value: (u: UnitTotals) => number | null,
    link: (u: UnitTotals) => string,
    rule: string,
    label?: (u: UnitTotals) => string,
  ): DashboardChartView {
    return {
      key,
      title,
      kind: 'hbar',
      unit: unitLabel,
      categories: rows.map((u) => u.unit.name),
      series: [{ name: seriesName, values: rows.map(value), links: rows.map(link) }],
      labels: label ? rows.map((u) => `${value(u)}${unitLabel}（${label(u)}）`) : undefined,
      rule,
    };
  }

  /** Weekly-report compliance per reporting unit: on time ÷ due, linked to the company's compliance matrix. */
  private weeklyChart(rows: WeeklyUnitComplianceRow[], period: Period): DashboardChartView {
    const sorted = [...rows].sort(
      (a, b) =>
        (rectificationRate(a.on_time, a.due) ?? 0) - (rectificationRate(b.on_time, b.due) ?? 0) ||
        a.unit_path.localeCompare(b.unit_path),
    );
    return {
      key: 'weeklyByUnit',
      title: '举一反三周报按时率（按单位）',
      kind: 'hbar',
      unit: '%',
      categories: sorted.map((r) => r.unit_name),
      series: [
        {
          name: '按时率',
          values: sorted.map((r) => rectificationRate(r.on_time, r.due)),
          links: sorted.map((r) => this.complianceHref(r.unit_path, period)),
        },
      ],
      labels: sorted.map(
        (r) =>
          `${rectificationRate(r.on_time, r.due)}%（按时 ${r.on_time}/${r.due}，迟报 ${r.late}，缺报 ${r.missing}）`,
      ),
      rule: '截止时间在期间内且已过的周报：按时报送（含“未发现”）÷ 应报；链接为该公司的周报报送情况',
    };
  }

  private complianceHref(unitPath: string | null | undefined, period: Period): string {
    const company = unitPath ? pathIds(unitPath)[0] : undefined;
    const params = new URLSearchParams({
      ...(company ? { companyUnitId: String(company) } : {}),
      from: formatWeek(isoWeekOf(period.from)),
      to: formatWeek(isoWeekOf(period.to)),
    });
    return `/weekly-reports/compliance?${params.toString()}`;
  }

  /** The per-unit rows summed under each finding unit's 二级单位 (rules/secondary-unit.ts). */
  private async rollUp(actor: Actor, rows: DashboardBreakdownRow[]): Promise<UnitTotals[]> {
    const unitRows = rows.filter((r) => r.unit_id !== null && r.level === null && r.source === null);
    if (!unitRows.length) return [];
    const own = await this.units.findByIds(unitRows.map((r) => r.unit_id!));
    const ancestors = await this.units.findByIds([...new Set(own.flatMap((u) => pathIds(u.path)))]);
    const byId = new Map<number, UnitNode>(ancestors.map((u) => [u.id, u]));
    const scope = UnitScope.of(actor);
    const totals = new Map<number, UnitTotals>();
    for (const r of unitRows) {
      const path = byId.get(r.unit_id!)?.path;
      const top = path ? secondaryUnitOf(path, byId, (p) => scope.includesPath(p)) : undefined;
      if (!top) continue;
      const t = totals.get(top.id) ?? { unit: top, found: 0, foundClosed: 0, overdue: 0 };
      t.found += r.found;
      t.foundClosed += r.found_closed;
      t.overdue += r.overdue;
      totals.set(top.id, t);
    }
    // Two companies may both have a 安全环保健康部: such names get their company's name.
    const rolled = [...totals.values()];
    const seen = new Map<string, number>();
    for (const t of rolled) seen.set(t.unit.name, (seen.get(t.unit.name) ?? 0) + 1);
    return rolled.map((t) =>
      (seen.get(t.unit.name) ?? 0) > 1
        ? {
            ...t,
            unit: { ...t.unit, name: `${t.unit.name}（${byId.get(pathIds(t.unit.path)[0])?.name ?? ''}）` },
          }
        : t,
    );
  }
}

/** A bar chart of the findings found in the period, one bar per (label, its GROUPING SETS row, its list filters). */
function foundBy(
  key: string,
  title: string,
  bars: [string, DashboardBreakdownRow | undefined, ListFilters][],
  rule: string,
): DashboardChartView {
  return {
    key,
    title,
    kind: 'bar',
    unit: '项',
    categories: bars.map(([label]) => label),
    series: [
      {
        name: '发现',
        values: bars.map(([, row]) => row?.found ?? 0),
        links: bars.map(([, , filters]) => findingListHref(filters)),
      },
    ],
    rule,
  };
}

const rateOf = (u: UnitTotals): number => rectificationRate(u.foundClosed, u.found) ?? 0;
const shorten = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}…` : s);
