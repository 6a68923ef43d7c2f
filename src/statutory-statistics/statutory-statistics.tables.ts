import { StatutoryReport, StatutoryReportVersion } from './statutory-report.entities';

/** The tables the statutory-statistics module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const STATUTORY_STATISTICS_TABLES: Function[] = [StatutoryReport, StatutoryReportVersion];
