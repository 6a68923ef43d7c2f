import {
  Bounty,
  BountyBudget,
  HazardReport,
  HazardReportPhoto,
  HazardReportPhotoRendition,
} from './hazard-report.entities';

/** The tables the hazard-reports module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const HAZARD_REPORTS_TABLES: Function[] = [
  HazardReport,
  HazardReportPhoto,
  HazardReportPhotoRendition,
  Bounty,
  BountyBudget,
];
