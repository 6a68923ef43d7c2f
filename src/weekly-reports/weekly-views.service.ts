import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { notFound, validationFailed } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import {
  FINDING_CATEGORY_LABEL,
  FindingCategory,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from '../findings/finding.enums';
import { FindingsRepository } from '../findings/findings.repository';
import { UnitsService } from '../org/units.service';
import { type ComplianceCell, obligationRequiresWeek, reportCell } from './rules/compliance-cell';
import {
  compareWeeks,
  dueInstant,
  formatWeek,
  IsoWeek,
  mondayOf,
  parseWeek,
  thursdayOf,
  weekLabel,
  weeksBetween,
} from './rules/iso-week';
import { cellFacts } from './rules/weekly-report-state';
import { weekCounts } from './rules/counted-weeks';
import { ObligationsService } from './obligations.service';
import { HistoryQuery, WeekQuery, WeekRangeQuery } from './weekly-report.dto';
import type { ReportingObligation, WeeklyReport, WeeklyReportItem } from './weekly-report.entities';
import { ComplianceRow, WeeklyReportsRepository } from './weekly-reports.repository';

/** How bad a cell is: a unit with several obligations in a week shows its worst. */
const CELL_RANK: Record<ComplianceCell, number> = {
  MISSING: 5,
  LATE: 4,
  PENDING: 3,
  ON_TIME: 2,
  NONE_FOUND: 1,
  NOT_REQUIRED: 0,
};

type CellFacts = ReturnType<typeof cellFacts>;
/** Per obligation and week: required at all, counted (not before the obligation was set), deadline passed. */
type WeekPlan = Map<number, { required: boolean; counted: boolean; due: boolean }[]>;
/** One campaign's status in a cell. */
interface CampaignCell {
  obligationId: number;
  name: string;
  roundId: number;
  status: ComplianceCell;
}

/** The reports' facts of a company's matrix by (obligation, unit, week) position; null where there is no report. */
class ReportGrid {
  private readonly facts: (CellFacts | null)[];
  private readonly obligationAt: Map<number, number>;
  private readonly unitAt: Map<number, number>;
  private readonly weekAt: Map<number, number>;
  private readonly unitCount: number;

  constructor(
    obligations: { id: number }[],
    units: { id: number }[],
    private readonly weeks: IsoWeek[],
  ) {
    this.obligationAt = new Map(obligations.map((o, k) => [o.id, k]));
    this.unitAt = new Map(units.map((u, j) => [u.id, j]));
    this.weekAt = new Map(weeks.map((w, i) => [w.year * 100 + w.week, i]));
    this.facts = new Array<CellFacts | null>(obligations.length * units.length * weeks.length).fill(null);
    this.unitCount = units.length;
  }

  /** A report's facts; reports of units outside the matrix (the user's scope) are left out. */
  set(r: Pick<ComplianceRow, 'obligation_id' | 'unit_id' | 'iso_year' | 'iso_week'>, facts: CellFacts): void {
    const k = this.obligationAt.get(r.obligation_id);
    const j = this.unitAt.get(r.unit_id);
    const i = this.weekAt.get(r.iso_year * 100 + r.iso_week);
    if (k !== undefined && j !== undefined && i !== undefined) this.facts[this.at(k, j, i)] = facts;
  }

  get(k: number, j: number, i: number): CellFacts | null {
    return this.facts[this.at(k, j, i)];
  }

  private at(k: number, j: number, i: number): number {
    return (k * this.unitCount + j) * this.weeks.length + i;
  }
}

/** What the weekly reports show: a unit's history, one report, the compliance matrix, one week's summary. */
@Injectable()
export class WeeklyViewsService {
  constructor(
    private readonly reports: WeeklyReportsRepository,
    private readonly obligations: ObligationsService,
    private readonly findings: FindingsRepository,
    private readonly units: UnitsService,
    private readonly clock: Clock,
  ) {}

  /** A unit's (or everyone's visible) reports with their versions, newest week first. */
  async history(actor: Actor, q: HistoryQuery) {
    let unitPath: string | undefined;
    if (q.unitId) {
      const [unit] = await this.units.findByIds([q.unitId]);
      if (!unit) return { items: [], total: 0 };
      unitPath = unit.path;
    }
    const { items, total } = await this.reports.history(UnitScope.of(actor), {
      unitPath,
      obligationId: q.obligationId,
      from: q.from ? parseWeek(q.from) : null,
      to: q.to ? parseWeek(q.to) : null,
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
    });
    return {
      items: items.map(({ report: w, unitName }) => ({
        ...w,
        week: formatWeek({ year: w.isoYear, week: w.isoWeek }),
        unitName,
      })),
      total,
    };
  }

  async get(actor: Actor, id: number) {
    const report = await this.reports.findVisible(UnitScope.of(actor), id);
    if (!report) throw notFound('周报 / Weekly report', id);
    const versions = await this.reports.versionsOf(id);
    return { ...report, week: formatWeek({ year: report.isoYear, week: report.isoWeek }), versions };
  }

  /** Units × weeks for a company: on time, none found, late, missing, pending (not yet due) or not required. */
  async compliance(actor: Actor, q: WeekRangeQuery) {
    const { from, to, weeks } = this.weekRange(q);
    const company = await this.obligations.companyCampaigns(
      actor,
      q.companyUnitId,
      mondayOf(from),
      thursdayOf(to),
    );
    const { units, lastDays } = company;
    const plan = this.weekPlan(company.obligations, weeks, lastDays);
    // Only a campaign that requires one of these weeks can fill a cell (cellOf skips a week it does not require), so
    // only those are read (companyCampaigns, a superset by dates) and kept for the reports read, the grid and every
    // cell's loop. A company keeps a campaign a year: over 50 years of history (the bench at 1M findings) nearly all
    // of them are long over (issue 22: the matrix cost 1.25× at 1M against 100k). The rows (units) stay those of
    // every campaign, as before.
    const obligations = company.obligations.filter((o) => plan.get(o.id)!.some((w) => w.required));
    // Raw rows with just the columns the matrix needs, and every (obligation, week) fact computed once — not per
    // cell: 200 units × 52 weeks would otherwise build thousands of entities and time-zone formatters. The reports'
    // facts sit in an array indexed by (obligation, unit, week) positions, not a map keyed by strings: a company-year
    // is ~5,000 cells and as many reports (issue 22: the matrix's one-client p99).
    const rows = await this.reports.complianceRows(
      obligations.map((o) => o.id),
      from,
      to,
    );
    const grid = new ReportGrid(obligations, units, weeks);
    for (const r of rows)
      grid.set(
        r,
        cellFacts({ status: r.status, currentVersion: r.current_version, noneFound: r.none_found }),
      );
    const weekLabels = weeks.map(formatWeek);
    const matrix = units.map((u, j) => {
      // The campaigns that ask this unit, in the obligations' order, with their positions.
      const asked = obligations.flatMap((o, k) => (o.unitIds.includes(u.id) ? [k] : []));
      return {
        unitId: u.id,
        unitCode: u.code,
        unitName: u.name,
        cells: weeks.map((_, i) => ({
          week: weekLabels[i],
          ...this.cellOf(asked, j, i, obligations, plan, grid),
        })),
      };
    });
    return {
      companyUnitId: q.companyUnitId,
      weeks: weeks.map(formatWeek),
      rows: matrix,
      totals: totalsOf(matrix),
    };
  }

  private weekRange(q: WeekRangeQuery) {
    const from = parseWeek(q.from);
    const to = parseWeek(q.to);
    if (!from || !to || compareWeeks(from, to) > 0)
      throw validationFailed([{ field: 'from', messages: ['周次范围无效 / Invalid week range'] }]);
    const weeks = weeksBetween(from, to);
    if (weeks.length > 160)
      throw validationFailed([{ field: 'to', messages: ['一次最多 160 周 / At most 160 weeks at once'] }]);
    return { from, to, weeks };
  }

  private weekPlan(
    obligations: ReportingObligation[],
    weeks: IsoWeek[],
    lastDays: Map<number, string | null>,
  ): WeekPlan {
    const now = this.clock.now();
    return new Map(
      obligations.map((o) => [
        o.id,
        weeks.map((w) => {
          const required = obligationRequiresWeek(o, w, lastDays.get(o.id)!);
          return {
            required,
            counted: weekCounts(o, w),
            due: required && dueInstant(w, o.dueTime, this.clock.timeZone) <= now,
          };
        }),
      ]),
    );
  }

  /**
   * A unit's cell for a week: each campaign (obligation) that asks it for the week with its own status, and the worst
   * of them with the campaign behind it. A week before an obligation counted shows only a report handed in for it.
   */
  private cellOf(
    asked: number[],
    j: number,
    i: number,
    obligations: ReportingObligation[],
    plan: WeekPlan,
    grid: ReportGrid,
  ): { status: ComplianceCell; campaigns: CampaignCell[]; worstCampaign: string | null } {
    const campaigns: CampaignCell[] = [];
    for (const k of asked) {
      const o = obligations[k];
      const facts = plan.get(o.id)![i];
      if (!facts.required) continue;
      const report = grid.get(k, j, i);
      if (!facts.counted && !report?.submitted) continue;
      const status = reportCell(report, facts.counted && facts.due);
      campaigns.push({ obligationId: o.id, name: o.name, roundId: o.roundId, status });
    }
    const worst = campaigns.reduce<CampaignCell | null>(
      (a, c) => (!a || CELL_RANK[c.status] > CELL_RANK[a.status] ? c : a),
      null,
    );
    return { status: worst?.status ?? 'NOT_REQUIRED', campaigns, worstCampaign: worst?.name ?? null };
  }

  /** One week of a company: which units reported what, counts by category and level. */
  async weekSummary(actor: Actor, q: WeekQuery) {
    const week = parseWeek(q.week);
    if (!week) throw validationFailed([{ field: 'week', messages: ['该年没有这个周次 / No such ISO week'] }]);
    const matrix = await this.compliance(actor, { companyUnitId: q.companyUnitId, from: q.week, to: q.week });
    // Every campaign's reports of the week, also of one that no longer asks for it (a report handed in before).
    const reports = await this.reports.findForWeek(
      await this.obligations.companyObligationIds(q.companyUnitId),
      week,
    );
    const itemsByReport = await this.reports.currentItems(reports.map((r) => r.id));
    const findingCodes = await this.findings.codesByIds(
      [...itemsByReport.values()].flat().map((i) => i.findingId),
    );
    const units = matrix.rows.map((row) => {
      const unitReports = reports.filter((r) => r.unitId === row.unitId);
      return {
        unitId: row.unitId,
        unitName: row.unitName,
        status: row.cells[0].status,
        submittedAt: unitReports[0]?.lastSubmittedAt ?? null,
        items: summaryItems(unitReports, itemsByReport, findingCodes),
      };
    });
    const allItems = units.flatMap((u) => u.items);
    return {
      week: q.week,
      weekLabel: weekLabel(week),
      thursday: thursdayOf(week),
      units,
      counts: {
        byStatus: matrix.totals,
        byCategory: countBy(Object.values(FindingCategory), allItems, (i) => i.category),
        byLevel: countBy(Object.values(HazardLevel), allItems, (i) => i.level),
        items: allItems.length,
      },
    };
  }
}

/** How many cells of the matrix have each status. */
function totalsOf(rows: { cells: { status: ComplianceCell }[] }[]) {
  return Object.fromEntries(
    (Object.keys(CELL_RANK) as ComplianceCell[]).map((k) => [
      k,
      rows.reduce((n, r) => n + r.cells.filter((c) => c.status === k).length, 0),
    ]),
  );
}

/** A unit's items of the week, with the code of the finding each became and the labels. */
function summaryItems(
  unitReports: WeeklyReport[],
  itemsByReport: Map<number, WeeklyReportItem[]>,
  findingCodes: Map<number, string>,
) {
  return unitReports
    .flatMap((r) => itemsByReport.get(r.id) ?? [])
    .map((i) => ({
      ...i,
      findingCode: findingCodes.get(i.findingId) ?? null,
      levelLabel: HAZARD_LEVEL_LABEL[i.level as HazardLevel],
      categoryLabel: FINDING_CATEGORY_LABEL[i.category as FindingCategory],
    }));
}

function countBy<K extends string, T>(keys: K[], items: T[], key: (i: T) => string): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, items.filter((i) => key(i) === k).length])) as Record<
    K,
    number
  >;
}
