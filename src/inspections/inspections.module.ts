import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { JobsModule } from '../jobs/jobs.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
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

/** 重要危险源 register, graded checklists, scheduled inspections, findings from failed items, 销号 of gaps. */
@Module({
  imports: [FindingsModule, RoundsModule, OrgModule, JobsModule],
  controllers: [
    HazardSourcesController,
    SourceCloseoutsController,
    ChecklistTemplatesController,
    InspectionTasksController,
    InspectionPhotosController,
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
  ],
  exports: [
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
