import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { FindingsModule } from '../findings/findings.module';
import { JobsModule } from '../jobs/jobs.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
import { CompanyFoundSimilarHandler } from './company-found-similar.handler';
import { ObligationsRepository } from './obligations.repository';
import { ObligationsService } from './obligations.service';
import { WeeklyOwingService } from './weekly-owing.service';
import { WeeklyDeadlineJob } from './weekly-deadline.job';
import { WeeklyDeadlinesService } from './weekly-deadlines.service';
import { WeeklyReportsController } from './weekly-reports.controller';
import { WeeklyReportsRepository } from './weekly-reports.repository';
import { WeeklyReportsService } from './weekly-reports.service';
import { WeeklySubmissionService } from './weekly-submission.service';
import { WeeklyViewsService } from './weekly-views.service';

@Module({
  imports: [FindingsModule, AssessmentsModule, OrgModule, RoundsModule, JobsModule],
  controllers: [WeeklyReportsController],
  providers: [
    ObligationsRepository,
    WeeklyReportsRepository,
    ObligationsService,
    WeeklySubmissionService,
    WeeklyViewsService,
    WeeklyDeadlinesService,
    WeeklyReportsService,
    WeeklyDeadlineJob,
    WeeklyOwingService,
    // The 举一反三 rule, on the findings module's FindingSimilarLinked event.
    CompanyFoundSimilarHandler,
  ],
  exports: [WeeklyOwingService, WeeklyReportsService, ObligationsRepository, WeeklyReportsRepository],
})
export class WeeklyReportsModule {}
