import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { ReportsModule } from '../../reports/reports.module';
import { AssessmentPages } from './assessments.pages';

/** Pages of assessments (考核) and notices (通报). */
@Module({
  imports: [AssessmentsModule, ReportsModule],
  controllers: [AssessmentPages],
})
export class AssessmentsWebModule {}
