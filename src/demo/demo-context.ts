import type { CloseoutService } from '../closeout/closeout.service';
import type { Clock } from '../common/time/clock';
import type { EvidenceService } from '../findings/evidence.service';
import type { FindingsService } from '../findings/findings.service';
import type { LatenessAssessmentsService } from '../findings/lateness-assessments.service';
import type { RectificationService } from '../findings/rectification.service';
import type { HazardReportsService } from '../hazard-reports/hazard-reports.service';
import type { HazardSourcesService } from '../inspections/hazard-sources.service';
import type { InspectionScheduleService } from '../inspections/inspection-schedule.service';
import type { InspectionTasksService } from '../inspections/inspection-tasks.service';
import type { SourceDocumentFilesService } from '../inspections/source-document-files.service';
import type { ReminderLadderService } from '../notifications/reminder-ladder.service';
import type { UnitsService } from '../org/units.service';
import type { RoundsService } from '../rounds/rounds.service';
import type { StatutoryReportsService } from '../statutory-statistics/statutory-reports.service';
import type { SupervisionGroupsService } from '../supervision-groups/supervision-groups.service';
import type { UsersService } from '../users/users.service';
import type { SupervisionQueriesService } from '../major-hazard-supervision/supervision-queries.service';
import type { SupervisionService } from '../major-hazard-supervision/supervision.service';
import type { WeeklyReportsService } from '../weekly-reports/weekly-reports.service';

/** The services the demo data is built through (so every record passes the same rules as user input). */
export interface DemoServices {
  clock: Clock;
  units: UnitsService;
  users: UsersService;
  groups: SupervisionGroupsService;
  rounds: RoundsService;
  findings: FindingsService;
  rectification: RectificationService;
  lateness: LatenessAssessmentsService;
  evidence: EvidenceService;
  closeout: CloseoutService;
  weekly: WeeklyReportsService;
  hazards: HazardReportsService;
  statutory: StatutoryReportsService;
  reminders: ReminderLadderService;
  supervision: SupervisionService;
  supervisionQueries: SupervisionQueriesService;
  hazardSources: HazardSourcesService;
  inspectionSchedule: InspectionScheduleService;
  inspectionTasks: InspectionTasksService;
  sourceDocuments: SourceDocumentFilesService;
}

/** 10:00 in Shanghai on a business date. */
export const at = (date: string) => new Date(`${date}T02:00:00Z`);
