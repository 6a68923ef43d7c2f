import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { CloseoutModule } from '../closeout/closeout.module';
import { FindingsModule } from '../findings/findings.module';
import { HazardReportsModule } from '../hazard-reports/hazard-reports.module';
import { StatutoryStatisticsModule } from '../statutory-statistics/statutory-statistics.module';
import { OrgModule } from '../org/org.module';
import { UsersModule } from '../users/users.module';
import { WeeklyReportsModule } from '../weekly-reports/weekly-reports.module';
import { DashboardModule } from '../dashboard/dashboard.module';
import { MajorHazardSupervisionModule } from '../major-hazard-supervision/major-hazard-supervision.module';
import { MajorHazardPrintoutController } from './major-hazard-printout.controller';
import { MajorHazardNoticePrintout } from './printouts/major-hazard-notice.printout';
import { MajorHazardPlanPrintout } from './printouts/major-hazard-plan.printout';
import { DashboardPrintout } from './printouts/dashboard.printout';
import { BountyListPrintout } from './printouts/bounty-list.printout';
import { CloseoutSheetPrintout } from './printouts/closeout-sheet.printout';
import { HazardPosterPrintout } from './printouts/hazard-poster.printout';
import { LedgerPrintout } from './printouts/ledger.printout';
import { NoticePrintout } from './printouts/notice.printout';
import { PrintMeta } from './printouts/print-meta';
import { WeeklySummaryPrintout } from './printouts/weekly-summary.printout';
import { ReportsController } from './reports.controller';
import { StatutoryPrintoutController } from './statutory-printout.controller';
import { StatutoryTablePrintout } from './printouts/statutory-table.printout';
import { ReportsService } from './reports.service';
import { InspectionsModule } from '../inspections/inspections.module';
import { InspectionPrintoutsController } from './inspection-printouts.controller';
import { InspectionLedgerPrintout } from './printouts/inspection-ledger.printout';
import { HazardSourceFilePrintout } from './printouts/hazard-source-file.printout';
import { HazardSourceSignPrintout } from './printouts/hazard-source-sign.printout';

@Module({
  imports: [
    OrgModule,
    UsersModule,
    FindingsModule,
    CloseoutModule,
    WeeklyReportsModule,
    HazardReportsModule,
    AssessmentsModule,
    StatutoryStatisticsModule,
    DashboardModule,
    MajorHazardSupervisionModule,
    InspectionsModule,
  ],
  controllers: [
    ReportsController,
    StatutoryPrintoutController,
    MajorHazardPrintoutController,
    InspectionPrintoutsController,
  ],
  providers: [
    ReportsService,
    PrintMeta,
    LedgerPrintout,
    CloseoutSheetPrintout,
    WeeklySummaryPrintout,
    BountyListPrintout,
    NoticePrintout,
    StatutoryTablePrintout,
    DashboardPrintout,
    HazardPosterPrintout,
    MajorHazardPlanPrintout,
    MajorHazardNoticePrintout,
    InspectionLedgerPrintout,
    HazardSourceFilePrintout,
    HazardSourceSignPrintout,
  ],
  exports: [
    ReportsService,
    StatutoryTablePrintout,
    HazardPosterPrintout,
    MajorHazardPlanPrintout,
    MajorHazardNoticePrintout,
    InspectionLedgerPrintout,
    HazardSourceFilePrintout,
    HazardSourceSignPrintout,
  ],
})
export class ReportsModule {}
