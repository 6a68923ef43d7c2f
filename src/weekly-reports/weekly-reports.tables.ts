import { ReportingObligation, WeeklyReport, WeeklyReportVersion } from './weekly-report.entities';

/** The tables the weekly-reports module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const WEEKLY_REPORTS_TABLES: Function[] = [ReportingObligation, WeeklyReport, WeeklyReportVersion];
