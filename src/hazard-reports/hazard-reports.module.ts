import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { BountiesController, HazardReportsController } from './hazard-reports.controller';
import { HazardReportsService } from './hazard-reports.service';

@Module({
  imports: [FindingsModule],
  controllers: [HazardReportsController, BountiesController],
  providers: [HazardReportsService],
  exports: [HazardReportsService],
})
export class HazardReportsModule {}
