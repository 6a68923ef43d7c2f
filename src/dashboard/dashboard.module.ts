import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { HazardReportsModule } from '../hazard-reports/hazard-reports.module';
import { OrgModule } from '../org/org.module';
import { WeeklyReportsModule } from '../weekly-reports/weekly-reports.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { InspectionsModule } from '../inspections/inspections.module';
import { InspectionFigures, InspectionFiguresController } from './inspection-figures';

/** 驾驶舱: figures and charts over findings, weekly reports and bounties (counted by their owners). */
@Module({
  imports: [OrgModule, FindingsModule, WeeklyReportsModule, HazardReportsModule, InspectionsModule],
  controllers: [DashboardController, InspectionFiguresController],
  providers: [DashboardService, InspectionFigures],
  exports: [DashboardService, InspectionFigures],
})
export class DashboardModule {}
