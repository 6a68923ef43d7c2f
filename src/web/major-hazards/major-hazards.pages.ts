import { Body, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { AllowRoles, AnyLoggedInUser } from '../../common/access/roles.decorator';
import { Role } from '../../common/access/roles';
import { dateInZone } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import {
  AcceptanceDto,
  AcceptanceRequestDto,
  CreateListingDto,
  DelistDto,
  ListingExtensionDecisionDto,
  ListingExtensionRequestDto,
  ListListingsQuery,
  ServeListingDto,
  SignListingDto,
} from '../../major-hazard-supervision/supervision.dto';
import {
  LISTING_STATUS_LABEL,
  SUPERVISION_LEVEL_LABEL,
} from '../../major-hazard-supervision/supervision.enums';
import { SupervisionQueriesService } from '../../major-hazard-supervision/supervision-queries.service';
import { SupervisionService } from '../../major-hazard-supervision/supervision.service';
import { MajorHazardNoticePrintout } from '../../reports/printouts/major-hazard-notice.printout';
import { MajorHazardPlanPrintout } from '../../reports/printouts/major-hazard-plan.printout';
import { FindingsService } from '../../findings/findings.service';
import { sendPdf } from '../files';
import { bool, formState, type FormState, int, intList, text, validForm } from '../forms';
import { findingIdByCode } from '../lookups';
import { flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';

const LABELS: Record<string, string> = {
  findingId: '问题编号',
  level: '督办级别',
  supervisingUnit: '督办单位',
  requirements: '督办要求',
  deadline: '督办期限',
  servedTo: '送达对象',
  signedByName: '签收人',
  reason: '延期理由',
  requestedDeadline: '申请的新期限',
  approve: '审批结论',
  note: '说明',
  evidenceIds: '证据',
  result: '验收结论',
  acceptedOn: '验收日期',
  opinion: '验收意见',
  version: '版本',
};
type FormFields = Record<string, unknown>;

/**
 * 挂牌督办 pages (issue 21): the list with its filters and the listing form; one listing with its history and the
 * forms of the steps the user may take now (the service decides; the page offers only what it would accept).
 */
@WebPages('major-hazards')
export class MajorHazardPages {
  constructor(
    private readonly service: SupervisionService,
    private readonly queries: SupervisionQueriesService,
    private readonly findings: FindingsService,
    private readonly noticePdf: MajorHazardNoticePrintout,
    private readonly planPdf: MajorHazardPlanPrintout,
    private readonly clock: Clock,
  ) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  async list(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    await this.showList(req, res, raw);
  }

  private async showList(
    req: WebRequest,
    res: HttpResponse,
    raw: Record<string, unknown>,
    state?: FormState,
  ) {
    const q = await validForm(
      ListListingsQuery,
      {
        status: text(raw.status),
        level: text(raw.level),
        unitId: int(raw.unitId),
        open: bool(raw.open) || undefined,
        overdue: bool(raw.overdue) || undefined,
        awaitingAcceptance: bool(raw.awaitingAcceptance) || undefined,
        acceptanceOverdue: bool(raw.acceptanceOverdue) || undefined,
      },
      LABELS,
    ).catch(() => ({}) as ListListingsQuery);
    const [result, counts] = await Promise.all([
      this.queries.list(req.actor!, { ...q, limit: 200 }),
      this.queries.counts(req.actor!, { unitId: q.unitId }),
    ]);
    renderPage(req, res, 'major-hazards/list', {
      title: '重大隐患挂牌督办',
      result,
      counts,
      filters: q,
      statusLabels: LISTING_STATUS_LABEL,
      levelLabels: SUPERVISION_LEVEL_LABEL,
      canList: req.actor!.roles.some((r) => r === Role.SAFETY_OFFICE || r === Role.SUPERVISION_LEADER),
      today: this.clock.today(),
      formState: state,
    });
  }

  @Post()
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER)
  async create(@Req() req: WebRequest, @Res() res: HttpResponse, @Body() b: FormFields) {
    const values = {
      findingCode: text(b.findingCode),
      level: text(b.level),
      supervisingUnit: text(b.supervisingUnit),
      requirements: text(b.requirements),
      deadline: text(b.deadline),
      publicNotice: bool(b.publicNotice),
    };
    try {
      const { findingCode, ...rest } = values;
      const findingId = findingCode
        ? await findingIdByCode(this.findings, req.actor!, findingCode, 'findingId')
        : undefined;
      const dto = await validForm(CreateListingDto, { ...rest, findingId }, LABELS);
      const l = await this.service.list(req.actor!, dto);
      flash(res, `已挂牌督办（${l.docNumber}）。`);
      redirect(res, `/major-hazards/${l.id}`);
    } catch (err) {
      const state = formState(err, 'listing', values, LABELS);
      if (state.fields.findingId) state.fields.findingCode = state.fields.findingId;
      res.status(state.status);
      await this.showList(req, res, {}, state);
    }
  }

  /**
   * 挂牌督办公告: the listings published on the notice board, for every logged-in user — the employees who report
   * hazards too — showing only what GET /api/v1/major-hazard-supervision/notices shows them (no links: a reporter
   * may open neither the listing nor its finding), 逾期 beside 督办中 when the listing is overdue, and a note when more
   * are published than the board shows. Declared before ':id' so 'notices' is not taken for an id.
   */
  @Get('notices')
  @AnyLoggedInUser()
  async notices(@Req() req: WebRequest, @Res() res: HttpResponse) {
    const zone = this.clock.timeZone;
    const board = await this.queries.noticeBoard();
    const notices = board.items.map((n) => ({
      ...n,
      listedOn: dateInZone(n.listedAt, zone),
      delistedOn: n.delistedAt ? dateInZone(n.delistedAt, zone) : null,
    }));
    renderPage(req, res, 'major-hazards/notices', {
      title: '重大隐患挂牌督办公告',
      notices,
      total: board.total,
      limit: board.limit,
    });
  }

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  async show(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    await this.showDetail(req, res, id);
  }

  private async showDetail(req: WebRequest, res: HttpResponse, id: number, state?: FormState) {
    const listing = await this.queries.detail(req.actor!, id);
    const finding = listing.allowedActions.includes('requestAcceptance')
      ? await this.findings.detail(req.actor!, listing.finding.id)
      : null;
    renderPage(req, res, 'major-hazards/detail', {
      title: `${listing.docNumber} 挂牌督办`,
      l: listing,
      evidence: finding?.evidence ?? [],
      today: this.clock.today(),
      formState: state,
    });
  }

  @Get(':id/notice')
  @AllowRoles(...FINDING_READERS)
  async notice(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    sendPdf(res, await this.noticePdf.notice(req.actor!, id));
  }

  @Get('plans/:findingId')
  @AllowRoles(...FINDING_READERS)
  async plan(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('findingId', ParseIntPipe) findingId: number,
  ) {
    sendPdf(res, await this.planPdf.plan(req.actor!, findingId));
  }

  @Post(':id/serve')
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER)
  serve(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormFields,
  ) {
    return this.act(
      req,
      res,
      id,
      'serve',
      { version: int(b.version), servedTo: text(b.servedTo) },
      ServeListingDto,
      '已记录送达',
      (dto) => this.service.serve(req.actor!, id, dto),
    );
  }

  @Post(':id/sign')
  @AllowRoles(Role.UNIT_OFFICER, Role.UNIT_HEAD)
  sign(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormFields,
  ) {
    return this.act(
      req,
      res,
      id,
      'sign',
      { version: int(b.version), signedByName: text(b.signedByName) },
      SignListingDto,
      '已签收督办通知书',
      (dto) => this.service.sign(req.actor!, id, dto),
    );
  }

  @Post(':id/extensions')
  @AllowRoles(Role.UNIT_OFFICER, Role.UNIT_HEAD)
  extension(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormFields,
  ) {
    const values = {
      version: int(b.version),
      reason: text(b.reason),
      requestedDeadline: text(b.requestedDeadline),
    };
    return this.act(req, res, id, 'extension', values, ListingExtensionRequestDto, '已提交延期申请', (dto) =>
      this.service.requestExtension(req.actor!, id, dto),
    );
  }

  @Post(':id/extensions/decision')
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER)
  decide(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormFields,
  ) {
    const values = {
      version: int(b.version),
      approve: b.approve === 'true' ? true : b.approve === 'false' ? false : undefined,
      note: text(b.note),
    };
    return this.act(req, res, id, 'decision', values, ListingExtensionDecisionDto, '已审批延期申请', (dto) =>
      this.service.decideExtension(req.actor!, id, dto),
    );
  }

  @Post(':id/acceptance-request')
  @AllowRoles(Role.UNIT_OFFICER, Role.UNIT_HEAD)
  requestAcceptance(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormFields,
  ) {
    const values = { version: int(b.version), evidenceIds: intList(b.evidenceIds) ?? [], note: text(b.note) };
    return this.act(req, res, id, 'acceptanceRequest', values, AcceptanceRequestDto, '已申请验收', (dto) =>
      this.service.requestAcceptance(req.actor!, id, dto),
    );
  }

  @Post(':id/acceptance')
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISOR, Role.SUPERVISION_LEADER)
  accept(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormFields,
  ) {
    const values = {
      version: int(b.version),
      result: text(b.result),
      acceptedOn: text(b.acceptedOn),
      opinion: text(b.opinion),
    };
    return this.act(req, res, id, 'acceptance', values, AcceptanceDto, '已记录现场验收', (dto) =>
      this.service.accept(req.actor!, id, dto),
    );
  }

  @Post(':id/delist')
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER)
  delist(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: FormFields,
  ) {
    return this.act(
      req,
      res,
      id,
      'delist',
      { version: int(b.version), note: text(b.note) },
      DelistDto,
      '已摘牌',
      (dto) => this.service.delist(req.actor!, id, dto),
    );
  }

  /** One step posted from the detail page: validated, done, or the page again with the refusal next to the form. */
  private async act<D extends object>(
    req: WebRequest,
    res: HttpResponse,
    id: number,
    form: string,
    values: Record<string, unknown>,
    dtoClass: new () => D,
    done: string,
    step: (dto: D) => Promise<unknown>,
  ) {
    try {
      const dto = await validForm(dtoClass, values, LABELS);
      await step(dto);
      flash(res, done);
      redirect(res, `/major-hazards/${id}`);
    } catch (err) {
      const state = formState(err, form, values, LABELS);
      res.status(state.status);
      await this.showDetail(req, res, id, state);
    }
  }
}
