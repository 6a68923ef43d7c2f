import { Module } from '@nestjs/common';
import { FindingsModule } from '../../findings/findings.module';
import { MajorHazardSupervisionModule } from '../../major-hazard-supervision/major-hazard-supervision.module';
import { ReportsModule } from '../../reports/reports.module';
import { MajorHazardPages } from './major-hazards.pages';

/** Pages of 重大隐患挂牌督办 (at /major-hazards) and the 治理方案 printout (/major-hazards/plans/{findingId}). */
@Module({
  imports: [MajorHazardSupervisionModule, FindingsModule, ReportsModule],
  controllers: [MajorHazardPages],
})
export class MajorHazardsWebModule {}
