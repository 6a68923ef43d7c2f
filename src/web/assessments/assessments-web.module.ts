import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../../assessments/assessments.module';
import { ReportsModule } from '../../reports/reports.module';

/** Pages of assessments (考核) and notices (通报). */
@Module({
  imports: [AssessmentsModule, ReportsModule],
  controllers: [],
})
export class AssessmentsWebModule {}
