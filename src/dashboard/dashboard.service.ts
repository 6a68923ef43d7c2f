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
import { BountyLedgerService } from '../hazard-reports/bounty-ledger.service';
import { UnitsService } from '../org/units.service';
import { WeeklyReportsRepository } from '../weekly-reports/weekly-reports.repository';
import {
  dashboardCharts,
  rollUpToSecondaryUnits,
  unitBreakdownRows,
  type UnitTotals,
} from './dashboard-chart-views';
import { keyFigures, periodLists } from './dashboard-figures';
import { InspectionFigures } from './inspection-figures';
import { MajorHazardFigures } from './major-hazard-figures';
import type { DashboardQuery, DashboardView } from './dashboard.dto';
import { resolvePeriod, twelveMonthsEnding, type Period } from './rules/period';

const TOP_GROUPS = 8;

/**
 * 驾驶舱: the key figures and charts of a period for the user's unit subtree. Every count is made in SQL by the
 * module owning the table (findings, weekly-reports, hazard-reports) with the shared counting rules; this service
 * only picks the period and rolls units up to 二级单位; the figures (dashboard-figures.ts) and charts
 * (dashboard-chart-views.ts) attach to every number the list it counts.
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
    private readonly inspections: InspectionFigures,
  ) {}

  /** The period a query asks for (400 naming the field when a custom range is wrong). */
  period(q: DashboardQuery): Period {
    const p = resolvePeriod(q.period ?? 'month', q.at ?? this.clock.today(), q.from, q.to);
    if ('field' in p) throw validationFailed([{ field: p.field, messages: [p.message] }]);
    return p;
  }

  async view(actor: Actor, q: DashboardQuery): Promise<DashboardView> {
    const period = this.period(q);
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
    // Read at once (one client waits for the slowest, not the sum); the unit asked for answers 404 outside the scope.
    const [
      unit,
      subtree,
      totals,
      breakdowns,
      byMonth,
      refusals,
      groups,
      weekly,
      bounties,
      listed,
      inspected,
    ] = await Promise.all([
      q.unitId ? this.units.get(actor, q.unitId) : null,
      q.unitId ? null : this.units.subtreeLabel(actor),
      this.stats.figures(d),
      this.stats.breakdowns(d),
      this.stats.byMonth({ ...d, from: months[0].from }),
      this.stats.refusalsByRule(d),
      this.stats.similarGroups(d, TOP_GROUPS),
      this.weekly.complianceByUnit({ ...d, now: this.clock.now() }),
      this.bounties.paidInPeriod(actor, { from: period.from, to: period.to, unitId: q.unitId }),
      this.majorHazards.figures(actor, q.unitId), // 挂牌督办 (issue 21)
      this.inspections.figures(actor, q.unitId), // 重要危险源检查 (issue 20)
    ]);
    const lists = periodLists(period, q.unitId);
    const figures = keyFigures({
      period,
      lists,
      figures: totals,
      weekly,
      bounties,
      homePath: unit?.path ?? actor.homeUnitPath,
    });
    figures.push(...listed, ...inspected);
    const rolled = await this.rollUp(actor, breakdowns);
    const charts = dashboardCharts({
      period,
      lists,
      months,
      byMonth,
      breakdowns,
      rolled,
      refusals,
      groups,
      weekly,
    });
    return {
      period,
      today,
      // A unit-scoped reader's own unit by name: "本单位及下级单位" did not say which on paper.
      scopeLabel: unit?.name ?? subtree ?? '全部单位',
      unitId: q.unitId ?? null,
      figures,
      charts,
    };
  }

  /** The per-unit rows summed under each finding unit's 二级单位: their units and those units' ancestors, one read. */
  private async rollUp(actor: Actor, rows: DashboardBreakdownRow[]): Promise<UnitTotals[]> {
    const unitRows = unitBreakdownRows(rows);
    if (!unitRows.length) return [];
    const units = await this.units.withAncestors(unitRows.map((r) => r.unit_id!));
    const scope = UnitScope.of(actor);
    return rollUpToSecondaryUnits(unitRows, units, (p) => scope.includesPath(p));
  }
}
