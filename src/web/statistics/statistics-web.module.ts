import { Module } from '@nestjs/common';
import { OrgModule } from '../../org/org.module';
import { ReportsModule } from '../../reports/reports.module';
import { StatutoryStatisticsModule } from '../../statutory-statistics/statutory-statistics.module';
import { StatutoryPages } from './statutory.pages';

/** The statutory statistics page (/statistics/statutory). */
@Module({
  imports: [StatutoryStatisticsModule, ReportsModule, OrgModule],
  controllers: [StatutoryPages],
})
export class StatisticsWebModule {}
