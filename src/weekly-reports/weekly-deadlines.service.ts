import { Injectable } from '@nestjs/common';
import { AssessmentReason } from '../assessments/assessment.enums';
import { AssessmentsService } from '../assessments/assessments.service';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { UnitsService } from '../org/units.service';
import { obligationRequiresWeek } from './rules/compliance-cell';
import { dueInstant, formatWeek, isoWeekOf, IsoWeek, thursdayOf, weeksBetween } from './rules/iso-week';
import { deadlineOutcome } from './rules/weekly-report-state';
import { JobClaimsRepository } from '../jobs/job-claims.repository';
import { weekCounts } from './rules/counted-weeks';
import { ObligationsService } from './obligations.service';
import type { ReportingObligation } from './weekly-report.entities';
import { WeeklyReportsRepository } from './weekly-reports.repository';
import { DomainEvents } from '../common/events/domain-events';
import { WeeklyReportsMissing } from './weekly-reports.events';
import { THIS_INSTANCE } from '../jobs/this-instance';

const JOB = 'weekly-deadline';
/** The claim of a unit's week's weekly-report assessment (period `<unitId>:<ISO week>`): one per unit and week. */
const UNIT_WEEK = 'weekly-assessment';
const laterOf = (a: string, b: string) => (a > b ? a : b);

/**
 * The deadline job: processes every (obligation, week) whose deadline has passed and that no instance has processed
 * yet, catching up after downtime. Each is claimed by a row in job_claims in the same transaction as its work, so it
 * runs exactly once across instances; a failure rolls the claim back. Absent reports become MISSING
 * (MISSING_WEEKLY_REPORT); reports handed in after the deadline are assessed LATE_WEEKLY_REPORT. A report that
 * arrives after its week was processed is marked LATE and stays assessed as missing. Weeks before the obligation
 * counts (a back-dated start) are never processed, and a unit's week is assessed once however many obligations ask
 * for it (a claim per unit and week).
 */
@Injectable()
export class WeeklyDeadlinesService {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly reports: WeeklyReportsRepository,
    private readonly claims: JobClaimsRepository,
    private readonly units: UnitsService,
    private readonly assessments: AssessmentsService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async runDeadlines(instance = THIS_INSTANCE): Promise<{ processed: string[] }> {
    const now = this.clock.now();
    const processed: string[] = [];
    for (const o of await this.obligations.findActive())
      processed.push(...(await this.runObligation(o, now, instance)));
    return { processed };
  }

  /** The weeks of one obligation that are due and unclaimed, each processed in its own transaction. */
  private async runObligation(o: ReportingObligation, now: Date, instance: string): Promise<string[]> {
    const today = this.clock.today();
    const lastDay = await this.obligations.lastDay(o);
    const claimed = await this.claims.claimedPeriods(JOB, `${o.id}:`);
    const lastWeek = isoWeekOf(lastDay && lastDay < today ? lastDay : today);
    const processed: string[] = [];
    for (const week of weeksBetween(isoWeekOf(laterOf(o.startDate, o.countedFrom)), lastWeek)) {
      const period = `${o.id}:${formatWeek(week)}`;
      if (claimed.has(period) || !obligationRequiresWeek(o, week, lastDay) || !weekCounts(o, week)) continue;
      const dueAt = dueInstant(week, o.dueTime, this.clock.timeZone);
      if (dueAt > now) continue;
      const done = await this.transactions.run(async (tx) => {
        if (!(await this.claims.claim(tx, JOB, period, instance))) return false;
        await this.processWeek(tx, o, week, dueAt);
        return true;
      });
      if (done) processed.push(period);
    }
    return processed;
  }

  /** Makes the week's missing rows and assesses every active unit that did not report on time. */
  private async processWeek(tx: Tx, o: ReportingObligation, week: IsoWeek, dueAt: Date): Promise<void> {
    const units = (await this.units.findByIds(o.unitIds, tx)).filter((u) => u.active);
    const missingUnits: { id: number; name: string; path: string }[] = [];
    for (const unit of units) {
      const key = { obligationId: o.id, unitId: unit.id, isoYear: week.year, isoWeek: week.week };
      await this.reports.ensure(tx, key, dueAt);
      const report = await this.reports.findByKey(tx, key);
      const outcome = deadlineOutcome(report);
      if (outcome === 'NONE') continue;
      if (outcome === 'MISSING') missingUnits.push({ id: unit.id, name: unit.name, path: unit.path });
      // One MISSING/LATE assessment per unit and ISO week, whatever the number of obligations asking for it.
      if (!(await this.claims.claim(tx, UNIT_WEEK, `${unit.id}:${formatWeek(week)}`, 'weekly-deadline')))
        continue;
      const missing = outcome === 'MISSING';
      await this.assessments.createAutomatic(tx, {
        unitId: unit.id,
        reason: missing ? AssessmentReason.MISSING_WEEKLY_REPORT : AssessmentReason.LATE_WEEKLY_REPORT,
        text: `${unit.name} ${formatWeek(week)} 举一反三周报${missing ? '未按时报送（缺报）' : '迟报'}，截止时间 ${thursdayOf(week)} ${o.dueTime}`,
        sourceType: 'WeeklyReport',
        sourceId: report.id,
        assessedOn: thursdayOf(week),
      });
    }
    if (missingUnits.length)
      await this.events.publish(
        new WeeklyReportsMissing(
          tx,
          o.id,
          o.name,
          formatWeek(week),
          dueAt,
          `${thursdayOf(week)} ${o.dueTime}`,
          missingUnits,
        ),
      );
  }
}
