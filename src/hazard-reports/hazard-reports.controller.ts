import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpRequest, HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles, AnyLoggedInUser } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import type { UploadedFile as UploadedPhoto } from '../common/files/file-type';
import { pathInteger } from '../common/dto';
import { CheckedBody } from '../common/errors/validation';
import type { CheckedInput } from '../common/errors/field-problems';
import { contentDisposition } from '../common/http/content-disposition';
import { sendByHash } from '../common/http/file-by-hash';
import { EvidenceFileQuery } from '../findings/rectification.dto';
import { FINDING_READERS } from '../common/access/reader-roles';
import {
  BountyBudgetDto,
  BountyCancelDto,
  BountyDecisionDto,
  BountyPaymentDto,
  CreateHazardReportDto,
  LedgerQuery,
  ListHazardReportsQuery,
  ProposeBountyDto,
  TriageDto,
} from './hazard-report.dto';
import { BountiesService } from './bounties.service';
import { BountyLedgerService } from './bounty-ledger.service';
import { HazardReportsService } from './hazard-reports.service';
import { HazardTriageService } from './hazard-triage.service';
import { UploadInterceptor } from '../common/files/upload-limit.interceptor';
import { BUDGET_FIRST_YEAR, BUDGET_YEARS_AHEAD } from './rules/bounty-rules';

@ApiTags('hazard-reports 隐患举报')
@Controller('hazard-reports')
export class HazardReportsController {
  constructor(
    private readonly reports: HazardReportsService,
    private readonly triageService: HazardTriageService,
  ) {}

  @Post()
  @AnyLoggedInUser()
  @ApiOperation({
    summary: '举报隐患 / Report a hazard, for yourself or your unit, optionally hiding your identity',
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateHazardReportDto) {
    return this.reports.create(actor, dto);
  }

  @Get()
  @AnyLoggedInUser()
  @ApiOperation({
    summary:
      '举报列表 / Reports: handlers and readers all, unit roles their subtree, reporters their own (identity masked where hidden)',
  })
  list(@CurrentActor() actor: Actor, @Query() q: ListHazardReportsQuery) {
    return this.reports.list(actor, q);
  }

  @Get(':id')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '举报详情 / One report with its photos and bounty status' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.reports.get(actor, id);
  }

  @Post(':id/photos')
  @AnyLoggedInUser()
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOperation({ summary: '补充照片 / The reporter adds a photo (jpg, png, webp) before triage' })
  addPhoto(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: UploadedPhoto | undefined,
  ) {
    return this.reports.addPhoto(actor, id, file);
  }

  @Get(':id/photos/:photoId')
  @AnyLoggedInUser()
  @ApiProduces('image/*')
  @ApiOperation({
    summary:
      '查看照片 / A photo of a report you may see: the original byte-for-byte (X-Content-SHA256), or its thumb/medium JPEG',
  })
  async photo(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('photoId', ParseIntPipe) photoId: number,
    @Query() q: EvidenceFileQuery,
    @Req() req: HttpRequest,
    @Res() res: HttpResponse,
  ): Promise<void> {
    const file = await this.reports.photo(actor, id, photoId, q.size, q.v);
    sendByHash(req, res, file, { version: q.v, disposition: 'inline' });
  }

  @Post(':id/triage')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '核查举报 / VALID (creates a HAZARD_REPORT finding), INVALID (with reason) or DUPLICATE (linked)',
  })
  triage(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: TriageDto) {
    return this.triageService.triage(actor, id, dto);
  }
}

const LEDGER_READERS = FINDING_READERS;

@ApiTags('bounties 举报奖励')
@Controller('bounties')
export class BountiesController {
  constructor(
    private readonly bounties: BountiesService,
    private readonly ledgers: BountyLedgerService,
  ) {}

  @Get()
  @AllowRoles(...LEDGER_READERS)
  @ApiOperation({
    summary:
      '奖励台账 / Bounties of a period, unit or reporter, with totals and the year’s budget; reporters masked where hidden',
  })
  ledger(@CurrentActor() actor: Actor, @Query() q: LedgerQuery) {
    return this.ledgers.ledger(actor, q);
  }

  @Get('export')
  @AllowRoles(...LEDGER_READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '导出奖励台账 / The ledger as .xlsx (same filters and masking)' })
  async export(
    @CurrentActor() actor: Actor,
    @Query() q: LedgerQuery,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    const file = await this.ledgers.ledgerWorkbook(actor, q);
    res.header('Content-Disposition', contentDisposition('隐患举报奖励台账.xlsx'));
    return new StreamableFile(file, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      length: file.length,
    });
  }

  @Post()
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({
    summary:
      '提出奖励 / Propose a bounty for a valid report: whole yuan 500–2000, default by level; warns past the budget',
  })
  propose(@CurrentActor() actor: Actor, @Body() dto: ProposeBountyDto) {
    return this.bounties.propose(actor, dto);
  }

  @Post(':id/decision')
  @AllowRoles(Role.SUPERVISION_LEADER)
  @HttpCode(200)
  @ApiOperation({
    summary: '审批奖励 / Approve or reject, once, by a supervision-group leader who did not propose it',
  })
  decide(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: BountyDecisionDto,
  ) {
    return this.bounties.decide(actor, id, dto);
  }

  @Post(':id/payment')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @ApiOperation({ summary: '记录发放 / Record the payment (date, reference), once' })
  pay(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: BountyPaymentDto) {
    return this.bounties.pay(actor, id, dto);
  }

  @Post(':id/cancel')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @ApiOperation({ summary: '撤销奖励 / Cancel before payment, with a reason' })
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: BountyCancelDto) {
    return this.bounties.cancel(actor, id, dto.reason);
  }

  @Put('budget/:year')
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({
    summary:
      '设置年度奖励预算 / Set the year’s bounty budget (idempotent: concurrent settings all apply, each logged)',
  })
  @ApiParam({
    name: 'year',
    type: 'integer',
    description: `From ${BUDGET_FIRST_YEAR} to ${BUDGET_YEARS_AHEAD} years after this business year (the business time zone, Asia/Shanghai)`,
  })
  budget(
    @CurrentActor() actor: Actor,
    // Read as text: a year outside the range (0 too) is refused by the service's rule, naming `year`, with the body's
    // problems, not as an id by the path pipe.
    @Param('year') year: string,
    @CheckedBody(BountyBudgetDto) body: CheckedInput<BountyBudgetDto>,
  ) {
    return this.bounties.setBudget(actor, pathInteger(year), body.dto, body.problems);
  }
}
