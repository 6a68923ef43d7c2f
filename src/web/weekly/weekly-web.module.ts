import { Module } from '@nestjs/common';
import { ReportsModule } from '../../reports/reports.module';
import { WeeklyReportsModule } from '../../weekly-reports/weekly-reports.module';
import { WeeklyHomeCard } from './weekly-home-card';
import { WeeklyPages } from './weekly.pages';

/** Pages of the weekly 举一反三 reports: the unit's form and history, the compliance matrix, the week summary. */
@Module({
  imports: [WeeklyReportsModule, ReportsModule],
  controllers: [WeeklyPages],
  providers: [WeeklyHomeCard],
  exports: [WeeklyHomeCard],
})
export class WeeklyWebModule {}
