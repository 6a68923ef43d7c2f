import { Module } from '@nestjs/common';
import { CloseoutModule } from '../../closeout/closeout.module';
import { FindingsModule } from '../../findings/findings.module';
import { OrgModule } from '../../org/org.module';
import { ReportsModule } from '../../reports/reports.module';
import { RoundsModule } from '../../rounds/rounds.module';
import { FindingDetailPages } from './finding-detail.pages';
import { FindingListPages } from './finding-list.pages';

/** Pages of findings: the list with filters and export, logging a finding, and one finding with its actions. */
@Module({
  imports: [FindingsModule, CloseoutModule, RoundsModule, OrgModule, ReportsModule],
  controllers: [FindingListPages, FindingDetailPages],
})
export class FindingsWebModule {}
