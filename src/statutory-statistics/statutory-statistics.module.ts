import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { OrgModule } from '../org/org.module';
import { StatutoryExportService } from './statutory-export.service';
import { StatutoryReportsRepository } from './statutory-reports.repository';
import { StatutoryReportsService } from './statutory-reports.service';
import { StatutoryStatisticsController } from './statutory-statistics.controller';
import { StatutoryTableService } from './statutory-table.service';

/** 隐患排查治理统计报表 (安监总局令第16号): the table, its workflow and versions, exports. */
@Module({
  imports: [FindingsModule, OrgModule],
  controllers: [StatutoryStatisticsController],
  providers: [
    StatutoryReportsRepository,
    StatutoryTableService,
    StatutoryReportsService,
    StatutoryExportService,
  ],
  exports: [StatutoryReportsService, StatutoryExportService],
})
export class StatutoryStatisticsModule {}
