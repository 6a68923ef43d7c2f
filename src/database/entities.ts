import { ChangeEvent, ChangeLogHead } from '../audit-log/change-event.entity';
import { Finding, FindingCodeCounter, FindingSimilarLink } from '../findings/entities/finding.entity';
import {
  DeadlineExtension,
  EvidenceFile,
  FindingImport,
  ProgressNote,
  RectificationPlan,
  RectificationSummary,
} from '../findings/entities/rectification.entity';
import { AuditRound } from '../rounds/round.entity';
import {
  Bounty,
  BountyBudget,
  HazardReport,
  HazardReportPhoto,
} from '../hazard-reports/hazard-report.entities';
import {
  JobClaim,
  ReportingObligation,
  WeeklyReport,
  WeeklyReportVersion,
} from '../weekly-reports/weekly-report.entities';
import { Assessment, Notice } from '../assessments/assessment.entities';
import {
  AccountabilityRecord,
  CloseoutRecord,
  MechanismRecord,
  SatisfactionConfirmation,
  SweepRecord,
  Verification,
} from '../closeout/closeout.entities';
import { Unit } from '../org/unit.entity';
import { SupervisionGroup, SupervisionGroupMember } from '../supervision-groups/supervision-group.entity';
import { AppSecret, LoginAttempt, User, WebSession } from '../users/user.entity';

/**
 * Every TypeORM entity of the service, listed once. Add new entities here (and generate a migration:
 * `npm run migration:generate -- Name`); `npm run migration:check` fails when this list and migrations drift.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_ENTITIES: Function[] = [
  ChangeEvent,
  ChangeLogHead,
  Unit,
  User,
  LoginAttempt,
  AppSecret,
  WebSession,
  SupervisionGroup,
  SupervisionGroupMember,
  AuditRound,
  Finding,
  FindingSimilarLink,
  FindingCodeCounter,
  RectificationPlan,
  ProgressNote,
  RectificationSummary,
  EvidenceFile,
  DeadlineExtension,
  FindingImport,
  Verification,
  SweepRecord,
  MechanismRecord,
  AccountabilityRecord,
  SatisfactionConfirmation,
  CloseoutRecord,
  Assessment,
  Notice,
  ReportingObligation,
  WeeklyReport,
  WeeklyReportVersion,
  JobClaim,
  HazardReport,
  HazardReportPhoto,
  Bounty,
  BountyBudget,
];
