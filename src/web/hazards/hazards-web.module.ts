import { Module } from '@nestjs/common';
import { FindingsModule } from '../../findings/findings.module';
import { HazardReportsModule } from '../../hazard-reports/hazard-reports.module';
import { OrgModule } from '../../org/org.module';
import { ReportsModule } from '../../reports/reports.module';
import { BountyHomeCard } from './bounty-home-card';
import { BountyPages } from './bounties.pages';
import { HazardReportPageView } from './hazard-report-page.view';
import { HazardReportPages } from './hazard-reports.pages';
import { HazardTriagePages } from './hazard-triage.pages';

/** Pages of hazard reports (隐患举报) and their bounties: report form, my reports, triage, approval, payment. */
@Module({
  imports: [HazardReportsModule, OrgModule, ReportsModule, FindingsModule],
  controllers: [HazardReportPages, HazardTriagePages, BountyPages],
  providers: [BountyHomeCard, HazardReportPageView],
  exports: [BountyHomeCard],
})
export class HazardsWebModule {}
