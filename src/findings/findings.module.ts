import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
import { FindingExcelService } from './finding-excel.service';
import { FindingImportsRepository } from './finding-imports.repository';
import { FindingLedgerRepository } from './excel/finding-ledger.repository';
import { FindingImportController } from './finding-import.controller';
import { EvidenceService } from './evidence.service';
import { FindingListRepository } from './finding-list.repository';
import { FindingQueriesService } from './finding-queries.service';
import { FindingsController } from './findings.controller';
import { FindingsRepository } from './findings.repository';
import { FindingsService } from './findings.service';
import { RectificationRepository } from './rectification.repository';
import { FindingSimilarityRepository } from './finding-similarity.repository';
import { RectificationService } from './rectification.service';
import { ROUND_OVERVIEW_PROVIDERS, RoundOverviewController } from './round-overview.providers';
import { FindingsUnitDeactivationCheck } from './unit-deactivation.handler';
import { CloseoutRefusalsRepository } from './closeout-refusals.repository';
import { DashboardStatisticsRepository } from './dashboard-statistics.repository';

@Module({
  imports: [OrgModule, RoundsModule, AssessmentsModule],
  controllers: [FindingsController, FindingImportController, RoundOverviewController],
  providers: [
    FindingsRepository,
    FindingListRepository,
    RectificationRepository,
    FindingQueriesService,
    FindingsService,
    RectificationService,
    EvidenceService,
    FindingExcelService,
    FindingImportsRepository,
    FindingLedgerRepository,
    FindingSimilarityRepository,
    FindingsUnitDeactivationCheck,
    CloseoutRefusalsRepository,
    DashboardStatisticsRepository,
    ...ROUND_OVERVIEW_PROVIDERS,
  ],
  exports: [
    FindingsRepository,
    FindingListRepository,
    RectificationRepository,
    FindingsService,
    RectificationService,
    EvidenceService,
    FindingExcelService,
    FindingSimilarityRepository,
    CloseoutRefusalsRepository,
    DashboardStatisticsRepository,
    ...ROUND_OVERVIEW_PROVIDERS,
  ],
})
export class FindingsModule {}
