import { Body, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { AllowRoles } from '../../common/access/roles.decorator';
import { Role } from '../../common/access/roles';
import { CreateAssessmentDto, CreateNoticeDto, ListAssessmentsQuery } from '../../assessments/assessment.dto';
import { ASSESSMENT_REASON_LABEL, AssessmentReason } from '../../assessments/assessment.enums';
import { AssessmentsService } from '../../assessments/assessments.service';
import { Clock } from '../../common/time/clock';
import { FindingsService } from '../../findings/findings.service';
import { UnitsService } from '../../org/units.service';
import { ReportsService } from '../../reports/reports.service';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { sendPdf } from '../files';
import { formState, type FormState, int, intList, list, text, validForm } from '../forms';
import { flash, renderPage, type WebRequest } from '../view';
import { findingIdByCode, unitOptions } from '../lookups';
import { WebPages } from '../web-pages.decorator';

/** Who records an assessment by hand: the API's ASSESSORS. */
const ASSESSORS = [Role.SAFETY_OFFICE, Role.SUPERVISOR, Role.SUPERVISION_LEADER];
const PAGE = 50;

const ASSESSMENT_LABELS = {
  unitId: '被考核单位',
  personNames: '被考核人员',
  reason: '考核原因',
  points: '考核分',
  amountYuan: '考核金额',
  text: '考核内容',
  findingId: '关联问题',
  assessedOn: '考核日期',
};
const NOTICE_LABELS = {
  title: '标题',
  documentNumber: '文号',
  body: '正文',
  assessmentIds: '列入通报的考核记录',
};
const FILTER_LABELS = { unitId: '单位', reason: '考核原因', from: '起始日期', to: '截止日期' };

interface AssessmentFilters {
  unitId?: string;
  reason?: string;
  from?: string;
  to?: string;
  offset?: string;
}
const pickFilters = (raw: Record<string, unknown>): AssessmentFilters => ({
  unitId: text(raw.unitId),
  reason: text(raw.reason),
  from: text(raw.from),
  to: text(raw.to),
  offset: text(raw.offset),
});

/**
 * 考核与通报: the assessments (unit roles see their subtree, as the service scopes them), the manual assessment
 * form for the assessors, and the notices — drafted and published by the safety office, printed by every reader.
 */
@WebPages()
export class AssessmentPages {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly units: UnitsService,
    private readonly findings: FindingsService,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  // ---------- 考核 ----------

  @Get('assessments')
  @AllowRoles(...FINDING_READERS)
  async list(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    await this.showList(req, res, pickFilters(raw));
  }

  @Post('assessments')
  @AllowRoles(...ASSESSORS)
  async create(@Req() req: WebRequest, @Res() res: HttpResponse, @Body() body: Record<string, unknown>) {
    const actor = req.actor!;
    const values = {
      unitId: int(body.unitId),
      personNames: list(body.personNames),
      reason: text(body.reason),
      points: int(body.points),
      amountYuan: int(body.amountYuan),
      text: text(body.text),
      findingCode: text(body.findingCode),
      assessedOn: text(body.assessedOn),
    };
    try {
      const { findingCode, ...plain } = values;
      const dto = await validForm(
        CreateAssessmentDto,
        {
          ...plain,
          findingId: findingCode
            ? await findingIdByCode(this.findings, actor, findingCode, 'findingId')
            : undefined,
        },
        ASSESSMENT_LABELS,
      );
      const a = await this.assessments.createManual(actor, dto);
      flash(res, `已记录考核（${ASSESSMENT_REASON_LABEL[a.reason]}，${a.assessedOn}）。`);
      redirect(res, `/assessments#assessment-${a.id}`);
    } catch (err) {
      const state = formState(
        err,
        'assessment',
        { ...values, personNames: values.personNames?.join('、') },
        ASSESSMENT_LABELS,
      );
      if (state.fields.findingId) state.fields.findingCode = state.fields.findingId;
      res.status(400);
      await this.showList(req, res, {}, state);
    }
  }

  // ---------- 通报 ----------

  @Get('notices')
  @AllowRoles(...FINDING_READERS)
  async notices(@Req() req: WebRequest, @Res() res: HttpResponse) {
    const result = await this.assessments.listNotices(req.actor!);
    renderPage(req, res, 'notices/list', { title: '通报', result });
  }

  @Get('notices/new')
  @AllowRoles(Role.SAFETY_OFFICE)
  async newNotice(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    await this.showNoticeForm(req, res, pickFilters(raw));
  }

  @Post('notices')
  @AllowRoles(Role.SAFETY_OFFICE)
  async createNotice(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Body() body: Record<string, unknown>,
  ) {
    const values = {
      title: text(body.title),
      documentNumber: text(body.documentNumber),
      body: text(body.body),
      assessmentIds: intList(body.assessmentIds) ?? [],
    };
    try {
      const dto = await validForm(CreateNoticeDto, values, NOTICE_LABELS);
      const notice = await this.assessments.createNotice(req.actor!, dto);
      flash(res, `通报草稿已保存（列入 ${notice.assessments.length} 条考核记录），核对无误后发布。`);
      redirect(res, `/notices/${notice.id}`);
    } catch (err) {
      const state = formState(err, 'notice', values, NOTICE_LABELS);
      res.status(state.status);
      await this.showNoticeForm(req, res, pickFilters(body), state);
    }
  }

  @Get('notices/:id')
  @AllowRoles(...FINDING_READERS)
  async notice(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    await this.showNotice(req, res, id);
  }

  @Get('notices/:id/print')
  @AllowRoles(...FINDING_READERS)
  async printNotice(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    sendPdf(res, await this.reports.notice(req.actor!, id));
  }

  @Post('notices/:id/publish')
  @AllowRoles(Role.SAFETY_OFFICE)
  async publish(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    try {
      const n = await this.assessments.publishNotice(req.actor!, id);
      flash(res, `通报已发布（${n.publishedOn}），各单位均可查阅。`);
      redirect(res, `/notices/${id}`);
    } catch (err) {
      const state = formState(err, 'publish', {});
      res.status(409);
      await this.showNotice(req, res, id, state);
    }
  }

  // ---------- helpers ----------

  /** The API's list query from the page's filters; a filter that does not pass is said, and the rest shown. */
  private async query(f: AssessmentFilters, limit: number) {
    try {
      return {
        q: await validForm(
          ListAssessmentsQuery,
          {
            unitId: f.unitId,
            reason: f.reason,
            from: f.from,
            to: f.to,
            offset: f.offset,
            limit: String(limit),
          },
          FILTER_LABELS,
        ),
        error: null,
      };
    } catch (err) {
      const state = formState(err, 'filter', {}, FILTER_LABELS);
      const fields = Object.values(state.fields).flat();
      return {
        q: Object.assign(new ListAssessmentsQuery(), { limit }),
        error: `筛选条件有误（${fields.join('；') || state.message}），已显示全部。`,
      };
    }
  }

  private async showList(req: WebRequest, res: HttpResponse, filters: AssessmentFilters, state?: FormState) {
    const actor = req.actor!;
    const { q, error } = await this.query(filters, PAGE);
    const [result, units] = await Promise.all([
      this.assessments.list(actor, q),
      unitOptions(this.units, actor),
    ]);
    renderPage(req, res, 'assessments/list', {
      title: '考核记录',
      filters,
      filterError: error,
      result,
      offset: q.offset ?? 0,
      limit: PAGE,
      units,
      reasons: Object.values(AssessmentReason),
      reasonLabels: ASSESSMENT_REASON_LABEL,
      today: this.clock.today(),
      canAssess: actor.roles.some((r) => ASSESSORS.includes(r)),
      formState: state,
    });
  }

  private async showNoticeForm(
    req: WebRequest,
    res: HttpResponse,
    filters: AssessmentFilters,
    state?: FormState,
  ) {
    const actor = req.actor!;
    const { q, error } = await this.query({ ...filters, offset: undefined }, 500);
    const [result, units] = await Promise.all([
      this.assessments.list(actor, q),
      unitOptions(this.units, actor),
    ]);
    const chosen = new Set(((state?.values.assessmentIds as unknown[]) ?? []).map(String));
    // Only assessments not yet in a notice can be put in a new one.
    const candidates = result.items.filter((a) => a.noticeId === null);
    // A ticked row the filter does not show (ticked under another filter) stays in view, so what is sent is seen.
    const unseen = new Set([...chosen].filter((id) => !candidates.some((a) => String(a.id) === id)));
    if (unseen.size) {
      const all = await this.assessments.list(
        actor,
        Object.assign(new ListAssessmentsQuery(), { limit: 500 }),
      );
      candidates.push(...all.items.filter((a) => a.noticeId === null && unseen.has(String(a.id))));
    }
    renderPage(req, res, 'notices/new', {
      title: '起草通报',
      filters,
      filterError: error,
      candidates,
      chosen,
      units,
      reasons: Object.values(AssessmentReason),
      reasonLabels: ASSESSMENT_REASON_LABEL,
      formState: state,
    });
  }

  private async showNotice(req: WebRequest, res: HttpResponse, id: number, state?: FormState) {
    const notice = await this.assessments.getNotice(req.actor!, id);
    const rows = notice.assessments as {
      id: number;
      unitName: string;
      reasonLabel: string;
      points: number | null;
      amountYuan: number | null;
      text: string;
      personNames: string[];
      assessedOn: string;
      findingCode: string | null;
    }[];
    const byUnit = new Map<string, typeof rows>();
    for (const a of rows) byUnit.set(a.unitName, [...(byUnit.get(a.unitName) ?? []), a]);
    renderPage(req, res, 'notices/detail', {
      title: notice.title,
      notice,
      units: [...byUnit.entries()].map(([name, items]) => ({
        name,
        items,
        points: items.reduce((s, a) => s + (a.points ?? 0), 0),
        amountYuan: items.reduce((s, a) => s + (a.amountYuan ?? 0), 0),
      })),
      paragraphs: notice.body.split(/\n+/).filter((p) => p.trim()),
      formState: state,
    });
  }
}
