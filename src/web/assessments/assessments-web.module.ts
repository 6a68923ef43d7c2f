import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { FindingsModule } from '../../findings/findings.module';
import { OrgModule } from '../../org/org.module';
import { ReportsModule } from '../../reports/reports.module';
import { AssessmentPages } from './assessments.pages';

/** Pages of assessments (考核, at /assessments) and notices (通报, at /notices). */
@Module({
  imports: [AssessmentsModule, ReportsModule, OrgModule, FindingsModule],
  controllers: [AssessmentPages],
})
export class AssessmentsWebModule {}
