import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/access/actor';
import { Role, SUPERVISION_ROLES, UNIT_ROLES } from '../../common/access/roles';
import { UnitScope } from '../../common/access/unit-scope';
import { Clock } from '../../common/time/clock';
import { UnitsService } from '../../org/units.service';
import { dueInstant, formatWeek, isoWeekOf, IsoWeek, thursdayOf } from '../../weekly-reports/rules/iso-week';
import { obligationRequiresWeek } from '../../weekly-reports/rules/compliance-cell';
import { isLocked } from '../../weekly-reports/rules/weekly-report-state';
import type { ComplianceCell, ReportingObligation } from '../../weekly-reports/weekly-reports.service';
import { WeeklyReportsService } from '../../weekly-reports/weekly-reports.service';
import { can, formatDateTime } from '../view';
import { weeklyFormPath } from '../../weekly-reports/weekly-form-path';

/** Chinese names of the compliance cells (the matrix, the summary, the 首页 card). */
export const CELL_LABEL: Record<ComplianceCell, string> = {
  ON_TIME: '按时',
  NONE_FOUND: '无同类问题',
  LATE: '迟报',
  MISSING: '未报',
  PENDING: '待报',
  NOT_REQUIRED: '不需报',
};
export const CELL_HINT: Record<ComplianceCell, string> = {
  ON_TIME: '按时报送，列有自查发现的同类问题',
  NONE_FOUND: '按时报送，声明本周未发现同类问题',
  LATE: '截止时间后才报送',
  MISSING: '截止时间已过，未报送',
  PENDING: '本周尚未报送，截止时间未到',
  NOT_REQUIRED: '该周不在周报要求期间内',
};

/** "2023-04-20（周四）24:00": the Thursday deadline as the safety office wrote it, in Beijing time. */
export const deadlineText = (week: IsoWeek, dueTime: string) => `${thursdayOf(week)}（周四）${dueTime}`;

/** The company (top unit) a user belongs to: the first id of their home unit's path. */
export const companyIdOf = (actor: Actor): number | null => {
  const first = actor.homeUnitPath?.split('/').filter(Boolean)[0];
  return first ? Number(first) : null;
};

/** Whether an obligation asks for a week by its own dates (the round's close is checked by the service). */
export const obligationCovers = (o: ReportingObligation, week: IsoWeek) =>
  obligationRequiresWeek(o, week, o.endDate);

/** One report a unit owes for a week under one obligation, with what the unit user needs to know about it. */
export interface OwedReport {
  obligationId: number;
  obligationName: string;
  unitId: number;
  unitName: string;
  week: string;
  deadline: string;
  duePassed: boolean;
  status: ComplianceCell;
  statusLabel: string;
  reportId: number | null;
  currentVersion: number;
  lastSubmittedAt: Date | null;
  /** Submitted and past the deadline: no more corrections. */
  locked: boolean;
  formUrl: string;
}

/**
 * 首页 card: this week's 举一反三 report of the user's unit and its deadline (unit users), or this week's compliance
 * of the user's company (safety office, supervision group, leadership). Also used by the weekly pages.
 */
@Injectable()
export class WeeklyHomeCard {
  constructor(
    private readonly weekly: WeeklyReportsService,
    private readonly clock: Clock,
    private readonly units: UnitsService,
  ) {}

  /** The reports the actor's units owe this week (or the given week), one per unit and obligation. */
  async owed(actor: Actor, week: IsoWeek = isoWeekOf(this.clock.today())): Promise<OwedReport[]> {
    const companyId = companyIdOf(actor);
    if (!companyId) return [];
    const text = formatWeek(week);
    const [matrix, obligations, history] = await Promise.all([
      this.weekly.compliance(actor, { companyUnitId: companyId, from: text, to: text }),
      this.weekly.listObligations(actor),
      this.weekly.history(actor, { from: text, to: text, limit: 500 }),
    ]);
    const now = this.clock.now();
    const out: OwedReport[] = [];
    for (const row of matrix.rows) {
      if (row.cells[0].status === 'NOT_REQUIRED') continue;
      // The campaigns that ask the unit for this week, each with its own status (a week before one counted shows
      // only if a report was handed in for it).
      const asked = new Map(row.cells[0].campaigns.map((c) => [c.obligationId, c.status]));
      for (const o of obligations.items.filter((x) => asked.has(x.id))) {
        const r = history.items.find((h) => h.obligationId === o.id && h.unitId === row.unitId);
        const duePassed = dueInstant(week, o.dueTime, this.clock.timeZone) <= now;
        const status = asked.get(o.id)!;
        out.push({
          obligationId: o.id,
          obligationName: o.name,
          unitId: row.unitId,
          unitName: row.unitName,
          week: text,
          deadline: deadlineText(week, o.dueTime),
          duePassed,
          status,
          statusLabel: CELL_LABEL[status],
          reportId: r?.id ?? null,
          currentVersion: r?.currentVersion ?? 0,
          lastSubmittedAt: r?.lastSubmittedAt ?? null,
          locked: !!r && isLocked(r, duePassed),
          formUrl: weeklyFormPath(o.id, row.unitId, text),
        });
      }
    }
    return out;
  }

  /** This week's counts of a company: submitted (on time, none found, late), pending, missing. */
  async companyWeek(actor: Actor, companyUnitId: number, week: IsoWeek = isoWeekOf(this.clock.today())) {
    const text = formatWeek(week);
    const matrix = await this.weekly.compliance(actor, { companyUnitId, from: text, to: text });
    const t = matrix.totals as Record<ComplianceCell, number>;
    return {
      week: text,
      thursday: thursdayOf(week),
      required: matrix.rows.length - t.NOT_REQUIRED,
      submitted: t.ON_TIME + t.NONE_FOUND + t.LATE,
      onTime: t.ON_TIME + t.NONE_FOUND,
      late: t.LATE,
      pending: t.PENDING,
      missing: t.MISSING,
      pendingUnits: matrix.rows.filter((r) => r.cells[0].status === 'PENDING').map((r) => r.unitName),
      missingUnits: matrix.rows.filter((r) => r.cells[0].status === 'MISSING').map((r) => r.unitName),
    };
  }

  async forActor(actor: Actor): Promise<unknown> {
    const week = isoWeekOf(this.clock.today());
    if (can(actor, ...UNIT_ROLES) && !UnitScope.of(actor).isOrganisationWide) {
      const owed = await this.owed(actor, week);
      return {
        kind: 'unit',
        week: formatWeek(week),
        thursday: thursdayOf(week),
        owed: owed.map((o) => ({
          ...o,
          lastSubmittedText: o.lastSubmittedAt ? formatDateTime(o.lastSubmittedAt) : '',
        })),
      };
    }
    if (can(actor, Role.SAFETY_OFFICE, Role.VIEWER, ...SUPERVISION_ROLES)) {
      const companyId = companyIdOf(actor);
      if (!companyId) return null;
      const [summary, company] = await Promise.all([
        this.companyWeek(actor, companyId, week),
        this.units.get(actor, companyId),
      ]);
      return {
        kind: 'company',
        companyUnitId: companyId,
        companyName: company.name,
        ...summary,
        matrixUrl: `/weekly-reports/compliance?companyUnitId=${companyId}`,
        summaryUrl: `/weekly-reports/summary?companyUnitId=${companyId}&week=${formatWeek(week)}`,
      };
    }
    return null;
  }
}
