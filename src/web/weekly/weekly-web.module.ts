import { Module } from '@nestjs/common';
import { FindingsModule } from '../../findings/findings.module';
import { OrgModule } from '../../org/org.module';
import { ReportsModule } from '../../reports/reports.module';
import { RoundsModule } from '../../rounds/rounds.module';
import { WeeklyReportsModule } from '../../weekly-reports/weekly-reports.module';
import { WeeklyFormPages } from './weekly-form.pages';
import { WeeklyHomeCard } from './weekly-home-card';
import { WeeklyIndexPages } from './weekly-index.pages';
import { WeeklyMatrixPages } from './weekly-matrix.pages';
import { WeeklyPageData } from './weekly-page-data';
import { WeeklyReportPages } from './weekly-report.pages';

/**
 * Pages of the weekly 举一反三 reports: the index (obligations, this week, history), the unit's form, the compliance
 * matrix and the week summary, one report. WeeklyReportPages comes last: its `:id` route must not shadow the others.
 */
@Module({
  imports: [WeeklyReportsModule, ReportsModule, FindingsModule, OrgModule, RoundsModule],
  controllers: [WeeklyIndexPages, WeeklyFormPages, WeeklyMatrixPages, WeeklyReportPages],
  providers: [WeeklyHomeCard, WeeklyPageData],
  exports: [WeeklyHomeCard],
})
export class WeeklyWebModule {}
