import { Injectable, Logger } from '@nestjs/common';
import { CloseoutService } from '../closeout/closeout.service';
import { Clock } from '../common/time/clock';
import { EvidenceService } from '../findings/evidence.service';
import { FindingsService } from '../findings/findings.service';
import { LatenessAssessmentsService } from '../findings/lateness-assessments.service';
import { RectificationService } from '../findings/rectification.service';
import { HazardReportsService } from '../hazard-reports/hazard-reports.service';
import { UnitsService } from '../org/units.service';
import { RoundsService } from '../rounds/rounds.service';
import { StatutoryReportsService } from '../statutory-statistics/statutory-reports.service';
import { SupervisionGroupsService } from '../supervision-groups/supervision-groups.service';
import { UsersService } from '../users/users.service';
import { WeeklyReportsService } from '../weekly-reports/weekly-reports.service';
import { DemoCast } from './demo-cast';
import { DemoServices } from './demo-context';
import { DEMO_PASSWORD_HINT } from './demo-data';
import { DemoHazardReports } from './demo-hazard-reports';
import { DemoInspections } from './demo-inspections';
import { HazardSourcesService } from '../inspections/hazard-sources.service';
import { InspectionScheduleService } from '../inspections/inspection-schedule.service';
import { InspectionTasksService } from '../inspections/inspection-tasks.service';
import { SourceDocumentFilesService } from '../inspections/source-document-files.service';
import { DemoRounds } from './demo-rounds';
import { DemoStatutory } from './demo-statutory';
import { DemoWeeklyReports } from './demo-weekly-reports';
import { ReminderLadderService } from '../notifications/reminder-ladder.service';
import { DemoRepository } from './demo.repository';
import { SupervisionQueriesService } from '../major-hazard-supervision/supervision-queries.service';
import { SupervisionService } from '../major-hazard-supervision/supervision.service';

/**
 * The January 2023 look-back as demo data (DOMAIN.md §8), built through the real services so every record has its
 * change-log entry and passed the same rules as user input: the two companies' unit trees, demo users for every
 * role, the supervision group (demo-cast.ts), the 2022 audits (all closed out through the 五个不放过 gate) and the
 * four look-back rounds with 14/13/10/6 findings in every lifecycle state, replayed at their own dates
 * (demo-rounds.ts, demo-lifecycle.ts), the Thursday reports (demo-weekly-reports.ts) and a few hazard reports
 * (demo-hazard-reports.ts), the Q1 2023 statutory statistics of 中铝山西新材料, locked (demo-statutory.ts); last, the
 * 重要危险源 with the last three days' inspections, one missed (demo-inspections.ts); last, the OVERDUE assessments of
 * the findings still owed past their deadline.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeeder');
  private readonly services: DemoServices;

  constructor(
    private readonly repository: DemoRepository,
    clock: Clock,
    units: UnitsService,
    users: UsersService,
    groups: SupervisionGroupsService,
    rounds: RoundsService,
    findings: FindingsService,
    rectification: RectificationService,
    lateness: LatenessAssessmentsService,
    evidence: EvidenceService,
    closeout: CloseoutService,
    weekly: WeeklyReportsService,
    hazards: HazardReportsService,
    statutory: StatutoryReportsService,
    reminders: ReminderLadderService,
    supervision: SupervisionService,
    supervisionQueries: SupervisionQueriesService,
    hazardSources: HazardSourcesService,
    inspectionSchedule: InspectionScheduleService,
    inspectionTasks: InspectionTasksService,
    sourceDocuments: SourceDocumentFilesService,
  ) {
    this.services = {
      clock,
      units,
      users,
      groups,
      rounds,
      findings,
      rectification,
      lateness,
      evidence,
      closeout,
      weekly,
      hazards,
      statutory,
      reminders,
      supervision,
      supervisionQueries,
      hazardSources,
      inspectionSchedule,
      inspectionTasks,
      sourceDocuments,
    };
  }

  /** Whether this database holds the demo data (its users log in with the published password unless changed). */
  isLoaded(): Promise<boolean> {
    return this.repository.isSeeded();
  }

  /** Seeds only an empty database (no units); several instances starting at once seed once. */
  async seedIfEmpty(): Promise<boolean> {
    let started = 0;
    const seeded = await this.repository.seedIfNoUnits(() => {
      started = Date.now();
      this.logger.log(
        'Loading the demo data (the January 2023 look-back). If this is interrupted, the next start notices the incomplete load.',
      );
      return this.seed();
    });
    if (seeded)
      this.logger.log(
        `Demo data loaded in ${Date.now() - started} ms: the January 2023 look-back. Demo users log in with password ${DEMO_PASSWORD_HINT}`,
      );
    return seeded;
  }

  private async seed(): Promise<void> {
    const cast = new DemoCast(this.services);
    const groupId = await cast.seed();
    const seeded = await new DemoRounds(this.services, cast).seed(groupId);
    await new DemoWeeklyReports(this.services, cast).seed(seeded);
    await new DemoHazardReports(this.services, cast).seed();
    await new DemoStatutory(this.services, cast).seed();
    // Today (not 2023): four 重要危险源 and the inspections of the last few days (demo-inspections.ts).
    await new DemoInspections(this.services, cast).seed();
    // Today (not 2023): the findings the demo leaves owing are overdue now, each assessed OVERDUE once as the
    // overdue job would (dated the day after its deadline); self-found ones are not.
    await this.services.lateness.catchUp();
    // The deadline reminders of today, as the day's ladder run would send them (one per owing finding, coalesced):
    // 热电分厂's officer (wen.xiaofeng) finds them unread under the bell.
    await this.services.reminders.remind();
  }
}
