import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { CloseoutModule } from '../closeout/closeout.module';
import { FindingsModule } from '../findings/findings.module';
import { HazardReportsModule } from '../hazard-reports/hazard-reports.module';
import { RoundsModule } from '../rounds/rounds.module';
import { WeeklyReportsModule } from '../weekly-reports/weekly-reports.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [
    RoundsModule,
    FindingsModule,
    CloseoutModule,
    WeeklyReportsModule,
    HazardReportsModule,
    AssessmentsModule,
  ],
  controllers: [ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
