import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import type { HttpResponse } from '../common/http/platform';
import { contentDisposition } from '../common/http/content-disposition';
import { InspectionLedgerService } from './inspection-ledger.service';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import {
  ChecklistTemplateDto,
  CloseoutDecisionDto,
  CloseoutRequestDto,
  GenerateScheduleDto,
  HazardSourceDto,
  LedgerQuery,
  ListSourcesQuery,
  NewTemplateVersionDto,
  UpdateHazardSourceDto,
} from './inspection.dto';
import { INSPECTION_READERS, SOURCE_MANAGERS } from './inspections-access';
import { ChecklistTemplatesService } from './checklist-templates.service';
import { HazardSourcesService } from './hazard-sources.service';
import { InspectionScheduleService } from './inspection-schedule.service';
import { SourceCloseoutsService } from './source-closeouts.service';

@ApiTags('inspections 重要危险源与检查')
@Controller('hazard-sources')
export class HazardSourcesController {
  constructor(
    private readonly sources: HazardSourcesService,
    private readonly closeouts: SourceCloseoutsService,
    private readonly ledgers: InspectionLedgerService,
  ) {}

  @Get(':id/ledger.xlsx')
  @AllowRoles(...INSPECTION_READERS)
  @ApiOperation({
    summary:
      '检查台账 .xlsx / The inspection ledger of a source and period (PDF: /reports/hazard-sources/{id}/ledger)',
  })
  async ledgerSheet(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Query() q: LedgerQuery,
    @Res() res: HttpResponse,
  ) {
    const file = await this.ledgers.sheet(actor, id, q.from, q.to);
    res.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.header('Content-Disposition', contentDisposition(file.fileName, 'attachment'));
    res.send(file.body);
  }

  @Get()
  @AllowRoles(...INSPECTION_READERS)
  @ApiOperation({ summary: '重要危险源台账 / The register (your subtree), with each source’s gaps' })
  list(@CurrentActor() actor: Actor, @Query() q: ListSourcesQuery) {
    return this.sources.list(actor, q);
  }

  @Post()
  @AllowRoles(...SOURCE_MANAGERS)
  @ApiOperation({ summary: '登记重要危险源 / Register a source of your unit (safety office: any)' })
  create(@CurrentActor() actor: Actor, @Body() dto: HazardSourceDto) {
    return this.sources.create(actor, dto);
  }

  @Get(':id')
  @AllowRoles(...INSPECTION_READERS)
  @ApiOperation({ summary: '重要危险源详情 / One source: documents, supplies, drills, gaps, 销号 requests' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.sources.get(actor, id);
  }

  @Put(':id')
  @AllowRoles(...SOURCE_MANAGERS)
  @ApiOperation({ summary: '修改重要危险源 / Edit a source (with the version you read)' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateHazardSourceDto,
  ) {
    return this.sources.update(actor, id, dto);
  }

  @Post(':id/closeouts')
  @AllowRoles(...SOURCE_MANAGERS)
  @ApiOperation({ summary: '申请销号 / Ask to close out a gap or the source itself, with a reason' })
  requestCloseout(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CloseoutRequestDto,
  ) {
    return this.closeouts.request(actor, id, dto);
  }
}

@ApiTags('inspections 重要危险源与检查')
@Controller('hazard-source-closeouts')
export class SourceCloseoutsController {
  constructor(private readonly closeouts: SourceCloseoutsService) {}

  @Get()
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({ summary: '待审批的销号申请 / Requests waiting for the safety office' })
  pending(@CurrentActor() actor: Actor) {
    return this.closeouts.pending(actor);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({ summary: '审批销号 / Approve or reject (not your own request; a rejection says why)' })
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CloseoutDecisionDto,
  ) {
    return this.closeouts.decide(actor, id, dto);
  }
}

@ApiTags('inspections 重要危险源与检查')
@Controller('checklist-templates')
export class ChecklistTemplatesController {
  constructor(
    private readonly templates: ChecklistTemplatesService,
    private readonly schedule: InspectionScheduleService,
  ) {}

  @Get()
  @AllowRoles(...INSPECTION_READERS)
  @ApiOperation({ summary: '检查表 / The current version of every checklist' })
  list() {
    return this.templates.list();
  }

  @Get(':id')
  @AllowRoles(...INSPECTION_READERS)
  @ApiOperation({ summary: '检查表的一个版本 / One version, with the list of its versions' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.templates.get(id);
  }

  @Post()
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({
    summary: '新建检查表 / A new checklist: items, applicability, frequencies per grade and level',
  })
  create(@CurrentActor() actor: Actor, @Body() dto: ChecklistTemplateDto) {
    return this.templates.create(actor, dto);
  }

  @Post(':id/versions')
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({ summary: '修改检查表 / Edit: makes the next version; inspections keep theirs' })
  newVersion(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: NewTemplateVersionDto,
  ) {
    return this.templates.newVersion(actor, id, dto);
  }

  @Post('schedule')
  @HttpCode(200)
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({
    summary: '生成检查任务 / Make the tasks of a range now (at most 62 days; made ones are kept)',
  })
  generate(@CurrentActor() actor: Actor, @Body() dto: GenerateScheduleDto) {
    return this.schedule.generate(actor, dto.from, dto.to);
  }
}
