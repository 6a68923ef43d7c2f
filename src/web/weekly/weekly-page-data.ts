import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/access/actor';
import { UnitScope } from '../../common/access/unit-scope';
import { addDays } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import type { Unit } from '../../org/unit.entity';
import { UnitKind } from '../../org/unit-kind';
import { UnitsService } from '../../org/units.service';
import { RoundsService } from '../../rounds/rounds.service';
import { reportCell } from '../../weekly-reports/rules/compliance-cell';
import {
  compareWeeks,
  formatWeek,
  isoWeekOf,
  IsoWeek,
  mondayOf,
  thursdayOf,
  weeksBetween,
} from '../../weekly-reports/rules/iso-week';
import { cellFacts } from '../../weekly-reports/rules/weekly-report-state';
import type { WeeklyReportStatus } from '../../weekly-reports/weekly-report.enums';
import type { ComplianceCell } from '../../weekly-reports/weekly-reports.service';
import { text } from '../forms';
import { CELL_LABEL, companyIdOf } from './weekly-home-card';
import type { FormBody } from './weekly-form';

/** The order the matrix lists its cells in. */
export const CELLS: ComplianceCell[] = [
  'ON_TIME',
  'NONE_FOUND',
  'LATE',
  'PENDING',
  'MISSING',
  'NOT_REQUIRED',
];

const monthDay = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
/** "2023-W16（4月17日–4月23日）" */
export const weekWithDays = (w: IsoWeek) => {
  const monday = mondayOf(w);
  return `${formatWeek(w)}（${monthDay(monday)}–${monthDay(addDays(monday, 6))}）`;
};

/**
 * Weeks (oldest first) as a week select offers them, newest first, each labelled with its days and, where given, a short note
 * ("2023-W11（3月13日–3月19日）未报").
 */
export function weekChoices(weeks: IsoWeek[], note: (w: IsoWeek) => string = () => '') {
  return [...weeks].reverse().map((w) => ({ value: formatWeek(w), label: `${weekWithDays(w)}${note(w)}` }));
}

/** What several weekly pages show beside their own data: units, rounds, companies, week choices, a report's state. */
@Injectable()
export class WeeklyPageData {
  constructor(
    private readonly units: UnitsService,
    private readonly rounds: RoundsService,
    private readonly clock: Clock,
  ) {}

  /** The state of a report row as the matrix names it (a stored report is ON_TIME, LATE or MISSING). */
  statusOf(r: { status: WeeklyReportStatus; noneFound: boolean; currentVersion: number; dueAt: Date }) {
    const cell = reportCell(cellFacts(r), r.dueAt <= this.clock.now());
    return { cell, cellLabel: CELL_LABEL[cell] };
  }

  /** The company and week a summary page shows: as asked, else the user's company and this week. */
  weekValues(actor: Actor, query: FormBody, companies: Unit[]) {
    return {
      companyUnitId: text(query.companyUnitId) ?? String(companyIdOf(actor) ?? companies[0]?.id ?? ''),
      week: text(query.week) ?? formatWeek(isoWeekOf(this.clock.today())),
    };
  }

  /**
   * The weeks a user may pick, newest first: from the first week any visible obligation starts (at most five years
   * back) to the current week, each labelled with its days ("2023-W16（4月17日–4月23日）").
   */
  weekOptions(obligations: { startDate: string }[], until: IsoWeek = isoWeekOf(this.clock.today())) {
    // At least the last twelve weeks, so the matrix's default range (the last eight) can always be chosen.
    const starts = [...obligations.map((o) => o.startDate), addDays(thursdayOf(until), -84)].sort();
    const earliest = starts[0] ? isoWeekOf(starts[0]) : until;
    const floor = isoWeekOf(addDays(thursdayOf(until), -7 * 260));
    const from =
      compareWeeks(earliest, floor) < 0 ? floor : compareWeeks(earliest, until) > 0 ? until : earliest;
    return weekChoices(weeksBetween(from, until));
  }

  /** Units the user may see, by id (the service applies the unit scope). */
  async unitMap(actor: Actor): Promise<Map<number, Unit>> {
    const { items } = await this.units.list(actor, { limit: 1000 });
    return new Map(items.map((u) => [u.id, u]));
  }

  /** The companies a user may choose in the matrix and summary: all for organisation-wide users, else none. */
  async companies(actor: Actor): Promise<Unit[]> {
    if (!UnitScope.of(actor).isOrganisationWide) return [];
    return (await this.units.list(actor, { kind: UnitKind.COMPANY, limit: 1000 })).items;
  }

  async roundNames(actor: Actor): Promise<Map<number, string>> {
    const { items } = await this.rounds.list(actor, { limit: 500 });
    return new Map(items.map((r) => [r.id, r.name]));
  }

  /** Secondary units (二级单位) grouped by company, for choosing who must report. */
  secondaryUnits(unitMap: Map<number, Unit>) {
    const all = [...unitMap.values()];
    return all
      .filter((c) => c.kind === UnitKind.COMPANY)
      .map((c) => ({ company: c, units: all.filter((u) => u.parentId === c.id && u.active) }));
  }
}
