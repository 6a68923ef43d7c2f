import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
import { BountiesRepository } from './bounties.repository';
import { BountiesService } from './bounties.service';
import { BountyLedgerService } from './bounty-ledger.service';
import { HazardPhotoFilesService } from './hazard-photo-files.service';
import { HazardPhotoRenditionsRepository } from './hazard-photo-renditions.repository';
import { HazardReportReader } from './hazard-report-reader';
import { BountiesController, HazardReportsController } from './hazard-reports.controller';
import { HazardReportsRepository } from './hazard-reports.repository';
import { HazardReportsService } from './hazard-reports.service';
import { HazardTriageService } from './hazard-triage.service';

@Module({
  imports: [FindingsModule, RoundsModule, OrgModule],
  controllers: [HazardReportsController, BountiesController],
  providers: [
    HazardReportsRepository,
    BountiesRepository,
    HazardReportReader,
    HazardPhotoRenditionsRepository,
    HazardPhotoFilesService,
    HazardReportsService,
    HazardTriageService,
    BountiesService,
    BountyLedgerService,
  ],
  exports: [HazardReportsService, HazardTriageService, BountiesService, BountyLedgerService],
})
export class HazardReportsModule {}
