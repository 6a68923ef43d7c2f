/**
 * Every migration, in order. `npm run migration:generate -- Name` writes a new file here and prints the line to
 * add below; `npm run migration:check` fails if the entities and this list drift apart.
 */
import { Platform1763676000000 } from './1763676000000-Platform';
import { OrgAccessChangeLog1795213427018 } from './1795213427018-OrgAccessChangeLog';
import { RoundsFindings1795213918048 } from './1795213918048-RoundsFindings';
import { CloseoutAssessments1795214226607 } from './1795214226607-CloseoutAssessments';
import { WeeklyReports1795214657661 } from './1795214657661-WeeklyReports';
import { HazardReportsBounties1795215025340 } from './1795215025340-HazardReportsBounties';
import { Closeouts1795215426255 } from './1795215426255-Closeouts';
import { WebSessions1795222023145 } from './1795222023145-WebSessions';
import { MustChangePassword1795300000000 } from './1795300000000-MustChangePassword';
import { ChangeLogCheckpoints1796198634438 } from './1796198634438-ChangeLogCheckpoints';
import { LatenessAssessments1796320000000 } from './1796320000000-LatenessAssessments';
import { StatutoryReports1796360000000 } from './1796360000000-StatutoryReports';
import { ObligationCountedFrom1796330000000 } from './1796330000000-ObligationCountedFrom';
import { VerificationRules1796310000000 } from './1796310000000-VerificationRules';
import { SimilaritySynonyms1796340000000 } from './1796340000000-SimilaritySynonyms';
import { CloseoutRefusals1796350000000 } from './1796350000000-CloseoutRefusals';
import { EvidenceTagsAndSizes1796420000000 } from './1796420000000-EvidenceTagsAndSizes';
import { HazardPhotoSizes1796425000000 } from './1796425000000-HazardPhotoSizes';
import { RobotsPerGroup1796430000000 } from './1796430000000-RobotsPerGroup';
import { Notifications1796390000000 } from './1796390000000-Notifications';
import { MajorHazardSupervision1796400000000 } from './1796400000000-MajorHazardSupervision';
import { MajorHazardGovernancePlan1796400000001 } from './1796400000001-MajorHazardGovernancePlan';
import { MajorHazardCriteria1796400000002 } from './1796400000002-MajorHazardCriteria';
import { SupervisionReminderSteps1796405000000 } from './1796405000000-SupervisionReminderSteps';
import { AccountChangeNotify1796440000000 } from './1796440000000-AccountChangeNotify';
import { Inspections1796410000000 } from './1796410000000-Inspections';
import { InspectionReminders1796450000000 } from './1796450000000-InspectionReminders';
import { SourceDocumentFiles1796460000000 } from './1796460000000-SourceDocumentFiles';
import { PeriodIndexes1796470000000 } from './1796470000000-PeriodIndexes';
import { OpenAndDueIndexes1796480000000 } from './1796480000000-OpenAndDueIndexes';
import { ListCoveringIndex1796490000000 } from './1796490000000-ListCoveringIndex';
import { StatutoryCoveringIndex1796500000000 } from './1796500000000-StatutoryCoveringIndex';
import { AppendChangeEventsInDatabase1796510000000 } from './1796510000000-AppendChangeEventsInDatabase';
import { JobClaimLeases1796520000000 } from './1796520000000-JobClaimLeases';
import { JobClaimFailedItems1796630000000 } from './1796630000000-JobClaimFailedItems';
import { AppendQueueOnAdvisoryLock1796640000000 } from './1796640000000-AppendQueueOnAdvisoryLock';

export const ALL_MIGRATIONS = [
  Platform1763676000000,
  OrgAccessChangeLog1795213427018,
  RoundsFindings1795213918048,
  CloseoutAssessments1795214226607,
  WeeklyReports1795214657661,
  HazardReportsBounties1795215025340,
  Closeouts1795215426255,
  WebSessions1795222023145,
  MustChangePassword1795300000000,
  ChangeLogCheckpoints1796198634438,
  LatenessAssessments1796320000000,
  StatutoryReports1796360000000,
  ObligationCountedFrom1796330000000,
  VerificationRules1796310000000,
  SimilaritySynonyms1796340000000,
  CloseoutRefusals1796350000000,
  Notifications1796390000000,
  MajorHazardSupervision1796400000000,
  MajorHazardGovernancePlan1796400000001,
  MajorHazardCriteria1796400000002,
  SupervisionReminderSteps1796405000000,
  Inspections1796410000000,
  EvidenceTagsAndSizes1796420000000,
  HazardPhotoSizes1796425000000,
  RobotsPerGroup1796430000000,
  AccountChangeNotify1796440000000,
  InspectionReminders1796450000000,
  SourceDocumentFiles1796460000000,
  PeriodIndexes1796470000000,
  OpenAndDueIndexes1796480000000,
  ListCoveringIndex1796490000000,
  StatutoryCoveringIndex1796500000000,
  AppendChangeEventsInDatabase1796510000000,
  JobClaimLeases1796520000000,
  JobClaimFailedItems1796630000000,
  AppendQueueOnAdvisoryLock1796640000000,
];
