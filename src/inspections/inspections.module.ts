import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { JobsModule } from '../jobs/jobs.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
import { UsersModule } from '../users/users.module';
import { ChecklistTemplatesRepository } from './checklist-templates.repository';
import { ChecklistTemplatesService } from './checklist-templates.service';
import {
  ChecklistTemplatesController,
  HazardSourcesController,
  SourceCloseoutsController,
} from './hazard-sources.controller';
import { HazardSourcesRepository } from './hazard-sources.repository';
import { HazardSourcesService } from './hazard-sources.service';
import { InspectionFindingsService } from './inspection-findings.service';
import { InspectionLedgerService } from './inspection-ledger.service';
import { InspectionScheduleService } from './inspection-schedule.service';
import { InspectionPhotosController, InspectionTasksController } from './inspection-tasks.controller';
import { InspectionTasksRepository } from './inspection-tasks.repository';
import { InspectionTasksService } from './inspection-tasks.service';
import { SourceCloseoutsService } from './source-closeouts.service';
import { SourceDocumentFilesController } from './source-document-files.controller';
import { SourceDocumentFilesService } from './source-document-files.service';

/**
 * 重要危险源 register (with its documents' files), graded checklists, scheduled inspections, findings from failed
 * items, 销号 of gaps.
 */
@Module({
  imports: [FindingsModule, RoundsModule, OrgModule, UsersModule, JobsModule],
  controllers: [
    HazardSourcesController,
    SourceCloseoutsController,
    ChecklistTemplatesController,
    InspectionTasksController,
    InspectionPhotosController,
    SourceDocumentFilesController,
  ],
  providers: [
    HazardSourcesRepository,
    ChecklistTemplatesRepository,
    InspectionTasksRepository,
    HazardSourcesService,
    ChecklistTemplatesService,
    InspectionScheduleService,
    InspectionTasksService,
    InspectionFindingsService,
    SourceCloseoutsService,
    InspectionLedgerService,
    SourceDocumentFilesService,
  ],
  exports: [
    SourceDocumentFilesService,
    InspectionLedgerService,
    HazardSourcesService,
    ChecklistTemplatesService,
    InspectionScheduleService,
    InspectionTasksService,
    InspectionTasksRepository,
    HazardSourcesRepository,
    ChecklistTemplatesRepository,
  ],
})
export class InspectionsModule {}
