import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpRequest, HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import { contentDisposition } from '../common/http/content-disposition';
import type { CheckedInput } from '../common/errors/field-problems';
import { CheckedBody } from '../common/errors/validation';
import { sendByHash } from '../common/http/file-by-hash';
import { FINDING_READERS } from '../common/access/reader-roles';
import type { UploadedFile as UploadedEvidence } from '../common/files/file-type';
import { EvidenceService } from './evidence.service';
import { CancelFindingDto, CreateFindingDto, UpdateFindingDto } from './finding.dto';
import { ListFindingsQuery } from './finding-list.dto';
import {
  EvidenceFileQuery,
  EvidenceUploadDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  ProgressDto,
  RecordPlanDto,
  SummaryDto,
} from './rectification.dto';
import { FindingsService } from './findings.service';
import { FindingExcelService } from './finding-excel.service';
import { buildImportTemplate } from './excel/finding-sheet';
import { RectificationService } from './rectification.service';
import { UploadInterceptor } from '../common/files/upload-limit.interceptor';

const UNIT = [Role.UNIT_OFFICER, Role.UNIT_HEAD];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Evidence comes from the unit (rectification) and from the safety office and supervisors (inspection, 复查). */
const EVIDENCE_UPLOADERS = [...UNIT, Role.SAFETY_OFFICE, Role.SUPERVISOR, Role.SUPERVISION_LEADER];

@ApiTags('findings 问题')
@Controller('findings')
export class FindingsController {
  constructor(
    private readonly findings: FindingsService,
    private readonly rectification: RectificationService,
    private readonly evidence: EvidenceService,
    private readonly excel: FindingExcelService,
  ) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary:
      '问题列表 / Findings: filter by round, unit subtree, status, level, domain, source, overdue, text; sort; page',
  })
  list(@CurrentActor() actor: Actor, @Query() q: ListFindingsQuery) {
    return this.findings.list(actor, q);
  }

  @Get('export')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '导出 Excel 台账 / Export the filtered list (same filters as the list) to .xlsx' })
  async export(
    @CurrentActor() actor: Actor,
    @Query() q: ListFindingsQuery,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<StreamableFile> {
    const file = await this.excel.exportList(actor, q);
    res.header(
      'Content-Disposition',
      contentDisposition(`问题整改台账-${new Date().toISOString().slice(0, 10)}.xlsx`),
    );
    return new StreamableFile(file, { type: XLSX, length: file.length });
  }

  @Get('import-template')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary: '问题清单导入模板 / The .xlsx template for importing an audit report’s problem list',
  })
  async template(@Res({ passthrough: true }) res: HttpResponse): Promise<StreamableFile> {
    const file = await buildImportTemplate();
    res.header('Content-Disposition', contentDisposition('问题清单导入模板.xlsx'));
    return new StreamableFile(file, { type: XLSX, length: file.length });
  }

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary: '问题详情 / A finding with its plan, progress, summaries, evidence, extensions and links',
  })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.findings.detail(actor, id);
  }

  @Post()
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({ summary: '登记并交办问题 / Log a finding and assign it to a unit (→ ASSIGNED)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFindingDto) {
    return this.findings.create(actor, dto);
  }

  @Patch(':id')
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({ summary: '修改问题 / Edit a finding (unit and deadline only while ASSIGNED)' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateFindingDto) {
    return this.findings.update(actor, id, dto);
  }

  @Post(':id/cancel')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @ApiOperation({
    summary: '作废 / Cancel an open finding with a reason (never deleted; the code stays taken)',
  })
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: CancelFindingDto) {
    return this.findings.cancel(actor, id, dto.reason);
  }

  @Post(':id/plan')
  @AllowRoles(...UNIT)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '五落实整改方案 / Record or revise the plan; complete → RECTIFYING (MAJOR by an officer waits for the head)',
  })
  recordPlan(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @CheckedBody(RecordPlanDto) body: CheckedInput<RecordPlanDto>,
  ) {
    return this.rectification.recordPlan(actor, id, body.dto, body.problems);
  }

  @Post(':id/plan/confirm')
  @AllowRoles(Role.UNIT_HEAD)
  @HttpCode(200)
  @ApiOperation({ summary: '单位负责人确认方案 / The unit head confirms a MAJOR finding’s plan' })
  confirmPlan(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.rectification.confirmPlan(actor, id);
  }

  @Post(':id/progress')
  @AllowRoles(...UNIT)
  @ApiOperation({ summary: '整改进展 / Add a progress note' })
  progress(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: ProgressDto) {
    return this.rectification.addProgress(actor, id, dto);
  }

  @Post(':id/summary')
  @AllowRoles(...UNIT)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '整改总结，申请复查 / Submit the summary with root cause (→ PENDING_VERIFICATION; late if past the deadline)',
  })
  summary(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: SummaryDto) {
    return this.rectification.submitSummary(actor, id, dto);
  }

  @Post(':id/extensions')
  @AllowRoles(...UNIT)
  @ApiOperation({ summary: '申请延期 / Request a deadline extension with a reason' })
  requestExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @CheckedBody(ExtensionRequestDto) body: CheckedInput<ExtensionRequestDto>,
  ) {
    return this.rectification.requestExtension(actor, id, body.dto, body.problems);
  }

  @Post(':id/extensions/:extensionId/decision')
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER)
  @HttpCode(200)
  @ApiOperation({
    summary: '审批延期 / Approve or reject (SAFETY_OFFICE; a supervision-group leader for MAJOR)',
  })
  decideExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('extensionId', ParseIntPipe) extensionId: number,
    @Body() dto: ExtensionDecisionDto,
  ) {
    return this.rectification.decideExtension(actor, id, extensionId, dto);
  }

  @Post(':id/evidence')
  @AllowRoles(...EVIDENCE_UPLOADERS)
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: ['BEFORE', 'AFTER', 'REVIEW', 'DOCUMENT'] },
        caption: { type: 'string' },
      },
    },
  })
  @ApiOperation({ summary: '上传证据 / Upload a photo, PDF or Office document (SHA-256 stored)' })
  upload(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: UploadedEvidence | undefined,
    @Body() dto: EvidenceUploadDto,
  ) {
    return this.evidence.upload(actor, id, file, dto.kind, dto.caption);
  }

  @Get(':id/evidence/:evidenceId')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/octet-stream')
  @ApiOperation({
    summary:
      '下载证据 / An evidence file: the original byte-for-byte (X-Content-SHA256), or a photo’s thumb/medium JPEG',
  })
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('evidenceId', ParseIntPipe) evidenceId: number,
    @Query() q: EvidenceFileQuery,
    @Req() req: HttpRequest,
    @Res() res: HttpResponse,
  ): Promise<void> {
    const file = await this.evidence.serve(actor, id, evidenceId, q.size, q.v);
    sendByHash(req, res, file, {
      version: q.v,
      disposition: file.size === 'original' ? 'attachment' : 'inline',
    });
  }
}
