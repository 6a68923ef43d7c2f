import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FINDING_STATUS_LABEL,
  FindingCategory,
  FindingSource,
  FindingStatus,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from './finding.enums';
import type { RoundCountRow } from './round-statistics.repository';
import {
  inRoundHeadline,
  isCounted,
  isRectified,
  RoundHeadline,
  rectificationRate,
  SOURCE_ORDER,
} from './rules/counting';
import { isOpen } from './rules/open-and-overdue';

const isAuditTeam = (r: { source: FindingSource }) => r.source === FindingSource.AUDIT_TEAM;

/** One source's line (督察组, 公司查出, 单位自查, 隐患举报): counted findings (not cancelled), and the cancelled apart. */
export interface SourceLine {
  source: FindingSource;
  label: string;
  /** Counted findings of this source: cancelled ones are not in it. */
  total: number;
  closed: number;
  open: number;
  overdue: number;
  cancelled: number;
  /** 整改率: closed ÷ counted, in percent with one decimal (counting.ts); null when nothing counts. */
  rectificationRate: number | null;
}

/**
 * A round's statistics. The headline figures (问题总数, 已销号, 已超期, 销号率) and the tables by status, level and
 * category are, for an audit or a look-back, the audit team's line — the problems the audit found — and for a round
 * the company runs itself every source's (counting.ts, `roundHeadline`); never cancelled findings. Every source has
 * its own line in `bySource`, the units' lines count every source (the audit team's apart), and cancelled findings
 * are counted apart.
 */
export interface RoundStatistics {
  /** What the headline counts: the audit team's findings, or every source's. */
  headline: RoundHeadline;
  /** 问题总数: the headline's counted findings. */
  total: number;
  bySource: SourceLine[];
  byStatus: { status: FindingStatus; label: string; count: number }[];
  byLevel: { level: HazardLevel; label: string; count: number }[];
  byCategory: { category: FindingCategory; label: string; count: number }[];
  /** Per unit, the counted findings of every source, the audit team's among them. */
  byUnit: {
    unitId: number;
    unitName: string;
    total: number;
    auditTeam: number;
    otherSources: number;
    closed: number;
    open: number;
    overdue: number;
    rectificationRate: number | null;
  }[];
  closed: number;
  /** Cancelled findings of every source (作废, never in a total). */
  cancelled: number;
  /** Findings of every source still open (what keeps the round from closing). */
  open: number;
  /** 销号率 of the headline, in percent with one decimal; null when nothing counts. */
  closureRate: number | null;
  overdue: number;
}

/**
 * A round's statistics from its GROUP BY rows (RoundStatisticsRepository.countsOfRound): a plain function, so the
 * benchmark's reference handlers build the very same answer.
 */
export function roundStatisticsOf(rows: RoundCountRow[], headline: RoundHeadline): RoundStatistics {
  const sum = (xs: RoundCountRow[], val: (r: RoundCountRow) => number = (r) => r.n) =>
    xs.reduce((a, r) => a + val(r), 0);
  const counted = rows.filter((r) => isCounted(r.status));
  const headlineRows = counted.filter((r) => inRoundHeadline(headline, r.source));
  const bySource = SOURCE_ORDER.map((source) => sourceLine(source, rows));
  const line = headline === 'AUDIT_TEAM' ? bySource[0] : sourceLine(null, rows);
  return {
    headline,
    total: line.total,
    bySource,
    byStatus: Object.values(FindingStatus)
      .filter(isCounted)
      .map((s) => ({
        status: s,
        label: FINDING_STATUS_LABEL[s],
        count: sum(headlineRows.filter((r) => r.status === s)),
      })),
    byLevel: Object.values(HazardLevel).map((l) => ({
      level: l,
      label: HAZARD_LEVEL_LABEL[l],
      count: sum(headlineRows.filter((r) => r.level === l)),
    })),
    byCategory: Object.values(FindingCategory).map((c) => ({
      category: c,
      label: FINDING_CATEGORY_LABEL[c],
      count: sum(headlineRows.filter((r) => r.category === c)),
    })),
    byUnit: byUnit(counted),
    closed: line.closed,
    cancelled: sum(rows.filter((r) => !isCounted(r.status))),
    open: sum(rows.filter((r) => isOpen(r.status))),
    closureRate: line.rectificationRate,
    overdue: line.overdue,
  };
}

/** One source's line of a round's GROUP BY rows (every source's when `source` is null). */
function sourceLine<S extends FindingSource | null>(
  source: S,
  rows: RoundCountRow[],
): Omit<SourceLine, 'source'> & { source: S } {
  const of = source === null ? rows : rows.filter((r) => r.source === source);
  const n = (pred: (r: RoundCountRow) => boolean) => of.filter(pred).reduce((a, r) => a + r.n, 0);
  const total = n((r) => isCounted(r.status));
  const closed = n((r) => isRectified(r.status));
  return {
    source,
    label: source === null ? '全部来源' : FINDING_SOURCE_LABEL[source],
    total,
    closed,
    open: n((r) => isOpen(r.status)),
    overdue: of.reduce((a, r) => a + r.overdue, 0),
    cancelled: n((r) => !isCounted(r.status)),
    rectificationRate: rectificationRate(closed, total),
  };
}

/** The per-unit lines of the statistics (counted findings of every source), in the rows' (unit tree) order. */
function byUnit(rows: RoundCountRow[]): RoundStatistics['byUnit'] {
  const units = new Map<number, RoundStatistics['byUnit'][number]>();
  for (const r of rows) {
    const u = units.get(r.unit_id) ?? {
      unitId: r.unit_id,
      unitName: r.unit_name,
      total: 0,
      auditTeam: 0,
      otherSources: 0,
      closed: 0,
      open: 0,
      overdue: 0,
      rectificationRate: null,
    };
    u.total += r.n;
    if (isAuditTeam(r)) u.auditTeam += r.n;
    else u.otherSources += r.n;
    if (isRectified(r.status)) u.closed += r.n;
    if (isOpen(r.status)) u.open += r.n;
    u.overdue += r.overdue;
    u.rectificationRate = rectificationRate(u.closed, u.total);
    units.set(r.unit_id, u);
  }
  return [...units.values()];
}
