import { Module } from '@nestjs/common';
import { DashboardModule } from '../../dashboard/dashboard.module';
import { OrgModule } from '../../org/org.module';
import { ReportsModule } from '../../reports/reports.module';
import { DashboardPages } from './dashboard.pages';

/** The dashboard page (驾驶舱) and its printed overview. */
@Module({
  imports: [DashboardModule, OrgModule, ReportsModule],
  controllers: [DashboardPages],
})
export class DashboardWebModule {}
