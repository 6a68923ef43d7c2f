import { Module } from '@nestjs/common';
import { FindingsModule } from '../../findings/findings.module';
import { OrgModule } from '../../org/org.module';
import { ReportsModule } from '../../reports/reports.module';
import { RoundsModule } from '../../rounds/rounds.module';
import { SupervisionGroupsModule } from '../../supervision-groups/supervision-groups.module';
import { RoundsPages } from './rounds.pages';

/** Pages of audit rounds: list, create, detail with statistics and findings, look-back, Excel import. */
@Module({
  imports: [RoundsModule, FindingsModule, OrgModule, ReportsModule, SupervisionGroupsModule],
  controllers: [RoundsPages],
})
export class RoundsWebModule {}
