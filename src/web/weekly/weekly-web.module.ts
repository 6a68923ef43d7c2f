import { Module } from '@nestjs/common';
import { FindingsModule } from '../../findings/findings.module';
import { OrgModule } from '../../org/org.module';
import { ReportsModule } from '../../reports/reports.module';
import { RoundsModule } from '../../rounds/rounds.module';
import { WeeklyReportsModule } from '../../weekly-reports/weekly-reports.module';
import { WeeklyHomeCard } from './weekly-home-card';
import { WeeklyPages } from './weekly.pages';

/** Pages of the weekly 举一反三 reports: the unit's form and history, the compliance matrix, the week summary. */
@Module({
  imports: [WeeklyReportsModule, ReportsModule, FindingsModule, OrgModule, RoundsModule],
  controllers: [WeeklyPages],
  providers: [WeeklyHomeCard],
  exports: [WeeklyHomeCard],
})
export class WeeklyWebModule {}
