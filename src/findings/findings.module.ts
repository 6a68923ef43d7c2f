import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { JobsModule } from '../jobs/jobs.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
import { FindingExcelService } from './finding-excel.service';
import { FindingImportsRepository } from './finding-imports.repository';
import { FindingLedgerRepository } from './excel/finding-ledger.repository';
import { FindingImportController } from './finding-import.controller';
import { EvidenceService } from './evidence.service';
import { EvidenceRenditionsRepository } from './evidence-renditions.repository';
import { FindingDetailRepository } from './finding-detail.repository';
import { FindingListRepository } from './finding-list.repository';
import { FindingQueriesService } from './finding-queries.service';
import { FindingsController } from './findings.controller';
import { FindingsRepository } from './findings.repository';
import { FindingsService } from './findings.service';
import { RectificationRepository } from './rectification.repository';
import { FindingSimilarityRepository } from './finding-similarity.repository';
import { SimilaritySynonymsSync } from './similarity-synonyms.sync';
import { RectificationService } from './rectification.service';
import { OnTheSpotService } from './on-the-spot.service';
import { ROUND_OVERVIEW_PROVIDERS, RoundOverviewController } from './round-overview.providers';
import { StatutoryCountsRepository } from './statutory-counts.repository';
import { FindingsUnitDeactivationCheck } from './unit-deactivation.handler';
import { LatenessAssessmentsService } from './lateness-assessments.service';
import { LatenessRepository } from './lateness.repository';
import { OverdueJob } from './overdue.job';
import { CloseoutRefusalsRepository } from './closeout-refusals.repository';
import { DashboardStatisticsRepository } from './dashboard-statistics.repository';
import { MajorCriteriaService } from './major-criteria.service';
import { MajorHazardCriteriaController } from './major-hazard-criteria.controller';
import { MajorHazardCriteriaRepository } from './major-hazard-criteria.repository';

@Module({
  imports: [OrgModule, RoundsModule, AssessmentsModule, JobsModule],
  controllers: [
    FindingsController,
    FindingImportController,
    RoundOverviewController,
    MajorHazardCriteriaController,
  ],
  providers: [
    FindingsRepository,
    FindingListRepository,
    FindingDetailRepository,
    RectificationRepository,
    EvidenceRenditionsRepository,
    FindingQueriesService,
    FindingsService,
    RectificationService,
    OnTheSpotService,
    EvidenceService,
    FindingExcelService,
    FindingImportsRepository,
    FindingLedgerRepository,
    FindingSimilarityRepository,
    StatutoryCountsRepository,
    SimilaritySynonymsSync,
    FindingsUnitDeactivationCheck,
    LatenessRepository,
    LatenessAssessmentsService,
    OverdueJob,
    CloseoutRefusalsRepository,
    DashboardStatisticsRepository,
    MajorHazardCriteriaRepository,
    MajorCriteriaService,
    ...ROUND_OVERVIEW_PROVIDERS,
  ],
  exports: [
    FindingsRepository,
    FindingListRepository,
    RectificationRepository,
    FindingsService,
    RectificationService,
    OnTheSpotService,
    EvidenceService,
    FindingExcelService,
    FindingSimilarityRepository,
    LatenessAssessmentsService,
    StatutoryCountsRepository,
    CloseoutRefusalsRepository,
    DashboardStatisticsRepository,
    MajorHazardCriteriaRepository,
    ...ROUND_OVERVIEW_PROVIDERS,
  ],
})
export class FindingsModule {}
