import { shortened } from '../common/text/shortened';
import type {
  DashboardBreakdownRow,
  DashboardGroupRow,
  DashboardMonthRow,
  DashboardRefusalRow,
} from '../findings/dashboard-statistics.repository';
import {
  FINDING_SOURCE_LABEL,
  FindingStatus,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from '../findings/finding.enums';
import { rectificationRate, SOURCE_ORDER } from '../findings/rules/counting';
import { GATE_RULES } from '../closeout/rules/closeout-gate';
import type { WeeklyUnitComplianceRow } from '../weekly-reports/weekly-reports.repository';
import { ancestorIds } from '../org/unit-tree';
import { complianceHref, type PeriodLists } from './dashboard-figures';
import type { DashboardChartView } from './dashboard.dto';
import { COUNTED_STATUSES, findingListHref, type ListFilters } from './rules/list-links';
import type { MonthSlot, Period } from './rules/period';
import { namesApartOnTwins, secondaryUnitOf, type UnitNode } from './rules/secondary-unit';

const LEVELS = [HazardLevel.GENERAL, HazardLevel.SERIOUS, HazardLevel.MAJOR];

/** Rolled-up counts of one 二级单位. */
export interface UnitTotals {
  unit: UnitNode;
  found: number;
  foundClosed: number;
  overdue: number;
}

/** The breakdown rows that count one unit (GROUPING SETS rows by level or by source carry no unit). */
export const unitBreakdownRows = (rows: DashboardBreakdownRow[]): DashboardBreakdownRow[] =>
  rows.filter((r) => r.unit_id !== null && r.level === null && r.source === null);

/**
 * The per-unit rows summed under each finding unit's 二级单位 (rules/secondary-unit.ts), given those units and all
 * their ancestors; `visible` is the user's scope. Two companies may both have a 安全环保健康部: such names get their
 * company's name.
 */
export function rollUpToSecondaryUnits(
  unitRows: DashboardBreakdownRow[],
  units: UnitNode[],
  visible: (path: string) => boolean,
): UnitTotals[] {
  const byId = new Map<number, UnitNode>(units.map((u) => [u.id, u]));
  const totals = new Map<number, UnitTotals>();
  for (const r of unitRows) {
    const path = byId.get(r.unit_id!)?.path;
    const top = path ? secondaryUnitOf(path, byId, visible) : undefined;
    if (!top) continue;
    const t = totals.get(top.id) ?? { unit: top, found: 0, foundClosed: 0, overdue: 0 };
    t.found += r.found;
    t.foundClosed += r.found_closed;
    t.overdue += r.overdue;
    totals.set(top.id, t);
  }
  const rolled = [...totals.values()];
  const names = namesApartOnTwins(
    rolled.map((t) => ({
      name: t.unit.name,
      ancestors: ancestorIds(t.unit.path)
        .slice(0, -1)
        .map((id) => byId.get(id)?.name ?? ''),
    })),
  );
  return rolled.map((t, i) => (names[i] === t.unit.name ? t : { ...t, unit: { ...t.unit, name: names[i] } }));
}

/** What the charts are made of: the owners' counts, the twelve months, the units rolled up to 二级单位. */
export interface ChartInputs {
  period: Period;
  lists: PeriodLists;
  months: MonthSlot[];
  byMonth: DashboardMonthRow[];
  breakdowns: DashboardBreakdownRow[];
  rolled: UnitTotals[];
  refusals: DashboardRefusalRow[];
  groups: DashboardGroupRow[];
  weekly: WeeklyUnitComplianceRow[];
}

/** The dashboard's charts, every bar linked to the list it counts. */
export function dashboardCharts({
  period,
  lists,
  months,
  byMonth,
  breakdowns,
  rolled,
  refusals,
  groups,
  weekly,
}: ChartInputs): DashboardChartView[] {
  const { base, found, upToEnd } = lists;
  return [
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
    unitChart(
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
    unitChart(
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
      categories: groups.map((g) => shortened(g.label, 18)),
      series: [
        {
          name: '同类问题数',
          values: groups.map((g) => g.n),
          links: groups.map((g) => findingListHref({ ...found, similarGroup: g.anchor_id })),
        },
      ],
      rule: '期间内发现（不含作废）且互相关联为同类的问题，按组内问题数由多到少',
    },
    weeklyChart(weekly, period),
  ];
}

/** A horizontal bar per 二级单位. */
function unitChart(
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

/**
 * How many reporting units the weekly chart shows: the lowest on-time rates. A group has a couple of hundred reporting
 * units (every 班组 of every 厂); all of them made a chart 5,600 px tall, which the printed overview cut off at the page
 * end. The whole list is the company's compliance matrix, which every bar links to.
 */
export const WEEKLY_CHART_UNITS = 20;

/** Weekly-report compliance per reporting unit: on time ÷ due, lowest first, linked to the company's compliance matrix. */
function weeklyChart(rows: WeeklyUnitComplianceRow[], period: Period): DashboardChartView {
  const sorted = [...rows].sort(
    (a, b) =>
      (rectificationRate(a.on_time, a.due) ?? 0) - (rectificationRate(b.on_time, b.due) ?? 0) ||
      a.unit_path.localeCompare(b.unit_path),
  );
  // Named among all of them, so that a shown 储运工段 is told apart from one not shown.
  const names = namesApartOnTwins(sorted.map((r) => ({ name: r.unit_name, ancestors: r.ancestor_names })));
  const shown = sorted.slice(0, WEEKLY_CHART_UNITS);
  return {
    key: 'weeklyByUnit',
    title:
      sorted.length > shown.length
        ? `举一反三周报按时率（最低的 ${shown.length} 个单位）`
        : '举一反三周报按时率（按单位）',
    kind: 'hbar',
    unit: '%',
    categories: names.slice(0, shown.length),
    series: [
      {
        name: '按时率',
        values: shown.map((r) => rectificationRate(r.on_time, r.due)),
        links: shown.map((r) => complianceHref(r.unit_path, period)),
      },
    ],
    labels: shown.map(
      (r) =>
        `${rectificationRate(r.on_time, r.due)}%（按时 ${r.on_time}/${r.due}，迟报 ${r.late}，缺报 ${r.missing}）`,
    ),
    rule:
      '截止时间在期间内且已过的周报：按时报送（含“未发现”）÷ 应报，由低到高' +
      (sorted.length > shown.length
        ? `；应报单位共 ${sorted.length} 个，此处列最低的 ${shown.length} 个`
        : '') +
      '；链接为该公司的周报报送情况',
  };
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
