import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AssessmentsModule } from '../assessments/assessments.module';
import { FindingsModule } from '../findings/findings.module';
import { WeeklyDeadlineJob } from './weekly-deadline.job';
import { WeeklyReportsController } from './weekly-reports.controller';
import { WeeklyReportsService } from './weekly-reports.service';

@Module({
  imports: [ScheduleModule.forRoot(), FindingsModule, AssessmentsModule],
  controllers: [WeeklyReportsController],
  providers: [WeeklyReportsService, WeeklyDeadlineJob],
  exports: [WeeklyReportsService],
})
export class WeeklyReportsModule {}
