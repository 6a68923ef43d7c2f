import { Module } from '@nestjs/common';
import { CloseoutModule } from '../../closeout/closeout.module';
import { FindingsModule } from '../../findings/findings.module';
import { MajorHazardSupervisionModule } from '../../major-hazard-supervision/major-hazard-supervision.module';
import { OrgModule } from '../../org/org.module';
import { ReportsModule } from '../../reports/reports.module';
import { RoundsModule } from '../../rounds/rounds.module';
import { UsersModule } from '../../users/users.module';
import { FindingActionPages } from './finding-actions.pages';
import { FindingCloseoutActionPages } from './finding-closeout-actions.pages';
import { FindingDetailPages } from './finding-detail.pages';
import { FindingDetailView } from './finding-detail.view';
import { FindingListPages } from './finding-list.pages';

/** Pages of findings: the list with filters and export, logging a finding, and one finding with its actions. */
@Module({
  imports: [
    FindingsModule,
    MajorHazardSupervisionModule,
    CloseoutModule,
    RoundsModule,
    OrgModule,
    ReportsModule,
    UsersModule,
  ],
  controllers: [FindingListPages, FindingDetailPages, FindingActionPages, FindingCloseoutActionPages],
  providers: [FindingDetailView],
})
export class FindingsWebModule {}
