import { Injectable } from '@nestjs/common';
import { Clock } from '../common/time/clock';
import { UnitsService } from '../org/units.service';
import { ObligationsService } from './obligations.service';
import { obligationRequiresWeek } from './rules/compliance-cell';
import { weekCounts } from './rules/counted-weeks';
import { dueInstant, formatWeek, isoWeekOf, thursdayOf } from './rules/iso-week';
import { isSubmitted } from './rules/weekly-report-state';
import { WeeklyReportsRepository } from './weekly-reports.repository';

/** A week's report a unit still owes, with its deadline not yet passed. */
export interface OwedReport {
  obligationId: number;
  obligationName: string;
  /** `2023-W07`. */
  week: string;
  /** `2023-02-16 24:00` (business zone). */
  due: string;
  dueAt: Date;
  unit: { id: number; name: string; path: string };
}

/** The reports of the current ISO week not yet submitted whose deadline is still ahead (for the weekly reminders). */
@Injectable()
export class WeeklyOwingService {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly reports: WeeklyReportsRepository,
    private readonly units: UnitsService,
    private readonly clock: Clock,
  ) {}

  async owedNow(): Promise<OwedReport[]> {
    const now = this.clock.now();
    const week = isoWeekOf(this.clock.today());
    const owed: OwedReport[] = [];
    for (const o of await this.obligations.findActive()) {
      if (!obligationRequiresWeek(o, week, await this.obligations.lastDay(o)) || !weekCounts(o, week))
        continue;
      const dueAt = dueInstant(week, o.dueTime, this.clock.timeZone);
      if (dueAt <= now) continue;
      const submitted = new Set(
        (await this.reports.findForWeek([o.id], week)).filter((r) => isSubmitted(r)).map((r) => r.unitId),
      );
      for (const unit of (await this.units.findByIds(o.unitIds)).filter((u) => u.active))
        if (!submitted.has(unit.id))
          owed.push({
            obligationId: o.id,
            obligationName: o.name,
            week: formatWeek(week),
            due: `${thursdayOf(week)} ${o.dueTime}`,
            dueAt,
            unit: { id: unit.id, name: unit.name, path: unit.path },
          });
    }
    return owed;
  }
}
