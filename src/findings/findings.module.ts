import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
import { FindingExcelService } from './finding-excel.service';
import { FindingImportController } from './finding-import.controller';
import { EvidenceService } from './evidence.service';
import { FindingsController } from './findings.controller';
import { FindingsService } from './findings.service';
import { FindingsUnitCountRepository } from './findings-unit-count.repository';
import { FindingsUnitDeactivationCheck } from './unit-deactivation.handler';
import { RectificationService } from './rectification.service';

@Module({
  imports: [OrgModule, RoundsModule, AssessmentsModule],
  controllers: [FindingsController, FindingImportController],
  providers: [
    FindingsService,
    RectificationService,
    EvidenceService,
    FindingExcelService,
    FindingsUnitCountRepository,
    FindingsUnitDeactivationCheck,
  ],
  exports: [FindingsService, RectificationService, EvidenceService, FindingExcelService],
})
export class FindingsModule {}
