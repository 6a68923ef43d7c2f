import { AUDIT_LOG_TABLES } from '../audit-log/audit-log.tables';
import { JOBS_TABLES } from '../jobs/jobs.tables';
import { ORG_TABLES } from '../org/org.tables';
import { USERS_TABLES } from '../users/users.tables';
import { SUPERVISION_GROUPS_TABLES } from '../supervision-groups/supervision-groups.tables';
import { ROUNDS_TABLES } from '../rounds/rounds.tables';
import { FINDINGS_TABLES } from '../findings/findings.tables';
import { CLOSEOUT_TABLES } from '../closeout/closeout.tables';
import { ASSESSMENTS_TABLES } from '../assessments/assessments.tables';
import { WEEKLY_REPORTS_TABLES } from '../weekly-reports/weekly-reports.tables';
import { HAZARD_REPORTS_TABLES } from '../hazard-reports/hazard-reports.tables';
import { MAJOR_HAZARD_SUPERVISION_TABLES } from '../major-hazard-supervision/major-hazard-supervision.tables';
import { NOTIFICATIONS_TABLES } from '../notifications/notifications.tables';
import { INSPECTIONS_TABLES } from '../inspections/inspections.tables';
import { STATUTORY_STATISTICS_TABLES } from '../statutory-statistics/statutory-statistics.tables';

/**
 * Every TypeORM entity of the service: each module lists the tables it owns in its `<module>.tables.ts`. Add new
 * entities there (and generate a migration: `npm run migration:generate -- Name`); `npm run migration:check` fails
 * when these lists and the migrations drift.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_ENTITIES: Function[] = [
  ...AUDIT_LOG_TABLES,
  ...JOBS_TABLES,
  ...ORG_TABLES,
  ...USERS_TABLES,
  ...SUPERVISION_GROUPS_TABLES,
  ...ROUNDS_TABLES,
  ...FINDINGS_TABLES,
  ...CLOSEOUT_TABLES,
  ...ASSESSMENTS_TABLES,
  ...WEEKLY_REPORTS_TABLES,
  ...HAZARD_REPORTS_TABLES,
  ...MAJOR_HAZARD_SUPERVISION_TABLES,
  ...STATUTORY_STATISTICS_TABLES,
  ...NOTIFICATIONS_TABLES,
  ...INSPECTIONS_TABLES,
];
