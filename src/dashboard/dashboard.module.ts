import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { HazardReportsModule } from '../hazard-reports/hazard-reports.module';
import { OrgModule } from '../org/org.module';
import { WeeklyReportsModule } from '../weekly-reports/weekly-reports.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { MajorHazardSupervisionModule } from '../major-hazard-supervision/major-hazard-supervision.module';
import { MajorHazardFigures } from './major-hazard-figures';
import { InspectionsModule } from '../inspections/inspections.module';
import { InspectionFigures, InspectionFiguresController } from './inspection-figures';

/** 驾驶舱: figures and charts over findings, weekly reports, bounties, 挂牌督办 and inspections (counted by their owners). */
@Module({
  imports: [
    OrgModule,
    FindingsModule,
    WeeklyReportsModule,
    HazardReportsModule,
    MajorHazardSupervisionModule,
    InspectionsModule,
  ],
  controllers: [DashboardController, InspectionFiguresController],
  providers: [DashboardService, MajorHazardFigures, InspectionFigures],
  exports: [DashboardService, InspectionFigures],
})
export class DashboardModule {}
