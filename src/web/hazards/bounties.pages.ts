import { Body, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { Actor, hasRole } from '../../common/access/actor';
import { AllowRoles } from '../../common/access/roles.decorator';
import { Role } from '../../common/access/roles';
import { AuditLogService } from '../../audit-log/audit-log.service';
import { DomainError } from '../../common/errors/domain-error';
import { Clock } from '../../common/time/clock';
import {
  BountyBudgetDto,
  BountyCancelDto,
  BountyDecisionDto,
  BountyPaymentDto,
  LedgerQuery,
} from '../../hazard-reports/hazard-report.dto';
import { BountyStatus } from '../../hazard-reports/hazard-report.enums';
import { budgetYearProblem } from '../../hazard-reports/rules/bounty-rules';
import { BountiesService } from '../../hazard-reports/bounties.service';
import { BountyLedgerService } from '../../hazard-reports/bounty-ledger.service';
import { UnitsService } from '../../org/units.service';
import { ReportsService } from '../../reports/reports.service';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { sendDownload, sendPdf } from '../files';
import { formState, type FormState, int, text, validForm } from '../forms';
import { flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { BOUNTY_STATUS_LABEL } from './hazard-reports.pages';

/** Who reads the bounty ledger: the API's LEDGER_READERS (everyone who reads findings). */
const LEDGER_READERS = FINDING_READERS;
const FIRST_YEAR = 2023;

interface LedgerFilters {
  year?: string;
  /** A period of days (the dashboard's links); a year, when given, wins. */
  from?: string;
  to?: string;
  status?: string;
  unitId?: string;
}

/** The ledger's filters as the page offers them (a year, or from/to), turned into the API's query. */
function ledgerQuery(f: LedgerFilters): Record<string, unknown> {
  const year = f.year && /^\d{4}$/.test(f.year) ? f.year : undefined;
  return {
    from: year ? `${year}-01-01` : f.from,
    to: year ? `${year}-12-31` : f.to,
    status: f.status,
    unitId: f.unitId,
  };
}

const pickFilters = (src: Record<string, unknown>): LedgerFilters => ({
  year: text(src.year),
  from: text(src.from),
  to: text(src.to),
  status: text(src.status),
  unitId: text(src.unitId),
});

/** The filters a row form came from (its hidden `back` field), to return to the same view. */
const filtersOf = (back: unknown): LedgerFilters =>
  pickFilters(Object.fromEntries(new URLSearchParams(typeof back === 'string' ? back : '')));

const backUrl = (f: LedgerFilters, anchor?: string) => {
  const qs = new URLSearchParams(
    Object.entries(f).filter(([, v]) => v !== undefined && v !== '') as [string, string][],
  ).toString();
  return `/bounties${qs ? `?${qs}` : ''}${anchor ? `#${anchor}` : ''}`;
};

/**
 * 举报奖励台账: the ledger with the API's masking, approval by a supervision-group leader (not the proposer),
 * payment and cancellation by the safety office, the year's budget, the .xlsx export and the printed list.
 */
@WebPages('bounties')
export class BountyPages {
  constructor(
    private readonly bounties: BountiesService,
    private readonly ledgers: BountyLedgerService,
    private readonly units: UnitsService,
    private readonly reports: ReportsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @AllowRoles(...LEDGER_READERS)
  async ledger(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    await this.showLedger(req, res, pickFilters(raw));
  }

  @Get('export')
  @AllowRoles(...LEDGER_READERS)
  async export(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    const q = await this.query(pickFilters(raw));
    const file = await this.ledgers.ledgerWorkbook(req.actor!, q);
    sendDownload(
      res,
      file,
      '隐患举报奖励台账.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  }

  @Get('print')
  @AllowRoles(...LEDGER_READERS)
  async print(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    sendPdf(res, await this.reports.bountyList(req.actor!, await this.query(pickFilters(raw))));
  }

  @Post(':id/decision')
  @AllowRoles(Role.SUPERVISION_LEADER)
  async decide(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ) {
    const approve = body.approve === 'true' ? true : body.approve === 'false' ? false : body.approve;
    const values = { approve, note: text(body.note) };
    await this.act(
      req,
      res,
      body,
      `decision-${id}`,
      values,
      { approve: '审批结论', note: '审批意见' },
      async () => {
        const dto = await validForm(BountyDecisionDto, values, { approve: '审批结论', note: '审批意见' });
        const b = await this.bounties.decide(req.actor!, id, dto);
        return b.status === BountyStatus.APPROVED
          ? `已批准奖励 ${b.amountYuan} 元，待安全环保部发放。`
          : '已驳回该奖励提议。';
      },
    );
  }

  @Post(':id/payment')
  @AllowRoles(Role.SAFETY_OFFICE)
  async pay(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ) {
    const values = { paidOn: text(body.paidOn), paymentRef: text(body.paymentRef) };
    const labels = { paidOn: '发放日期', paymentRef: '凭证号' };
    await this.act(req, res, body, `pay-${id}`, values, labels, async () => {
      const dto = await validForm(BountyPaymentDto, values, labels);
      const b = await this.bounties.pay(req.actor!, id, dto);
      return `已记录发放：${b.amountYuan} 元，${b.paidOn}。`;
    });
  }

  @Post(':id/cancel')
  @AllowRoles(Role.SAFETY_OFFICE)
  async cancel(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ) {
    const values = { reason: text(body.reason) };
    const labels = { reason: '撤销理由' };
    await this.act(req, res, body, `cancel-${id}`, values, labels, async () => {
      const dto = await validForm(BountyCancelDto, values, labels);
      await this.bounties.cancel(req.actor!, id, dto.reason);
      return '已撤销该奖励。';
    });
  }

  @Post('budget')
  @AllowRoles(Role.SAFETY_OFFICE)
  async budget(@Req() req: WebRequest, @Res() res: HttpResponse, @Body() body: Record<string, unknown>) {
    const given = int(body.year);
    const year = typeof given === 'number' ? given : undefined;
    const values = { amountYuan: int(body.amountYuan) };
    const labels = { amountYuan: '年度预算' };
    await this.act(req, res, body, 'budget', { ...values, year: given }, labels, async () => {
      // The year is the card's (a hidden field): the API's rule, said at the one field the form shows.
      const yearProblem = budgetYearProblem(year, this.clock.today());
      if (yearProblem)
        throw new DomainError('BAD_REQUEST', 'VALIDATION_FAILED', '输入有误，请按提示修改', [
          { field: 'amountYuan', messages: [yearProblem] },
        ]);
      const dto = await validForm(BountyBudgetDto, values, labels);
      const b = await this.bounties.setBudget(req.actor!, year, dto);
      return `${b.year} 年奖励预算已设为 ${b.budget} 元。`;
    });
  }

  // ---------- helpers ----------

  /** Runs a row form's action: success → back to the same view with a message; a user's error → shown there. */
  private async act(
    req: WebRequest,
    res: HttpResponse,
    body: Record<string, unknown>,
    form: string,
    values: Record<string, unknown>,
    labels: Record<string, string>,
    action: () => Promise<string>,
  ) {
    const filters = filtersOf(body.back);
    try {
      const message = await action();
      flash(res, message);
      redirect(res, backUrl(filters, form.includes('-') ? `bounty-${form.split('-')[1]}` : form));
    } catch (err) {
      const state = formState(err, form, values, labels);
      res.status(state.status);
      await this.showLedger(req, res, filters, state);
    }
  }

  private async query(f: LedgerFilters): Promise<LedgerQuery> {
    return validForm(LedgerQuery, ledgerQuery(f), {
      from: '起始日期',
      to: '截止日期',
      status: '状态',
      unitId: '单位',
    });
  }

  private async showLedger(req: WebRequest, res: HttpResponse, filters: LedgerFilters, state?: FormState) {
    const actor = req.actor!;
    let q: LedgerQuery;
    let filterError: string | null = null;
    try {
      q = await this.query(filters);
    } catch {
      q = new LedgerQuery();
      filterError = '筛选条件有误，已显示全部。';
    }
    const [ledger, units] = await Promise.all([
      this.ledgers.ledger(actor, q),
      this.units.list(actor, { limit: 1000 }),
    ]);
    const proposers = await this.proposersOf(
      actor,
      ledger.items.filter((i) => i.status === BountyStatus.PROPOSED).map((i) => i.id),
    );
    const thisYear = Number(this.clock.today().slice(0, 4));
    const years: number[] = [];
    for (let y = thisYear; y >= FIRST_YEAR; y--) years.push(y);
    const qs = new URLSearchParams(
      Object.entries(filters).filter(([, v]) => v !== undefined && v !== '') as [string, string][],
    ).toString();
    renderPage(req, res, 'bounties/ledger', {
      title: '举报奖励台账',
      filters,
      filterError,
      qs,
      ledger,
      units: units.items.map((u) => ({
        id: u.id,
        name: u.name,
        depth: Math.max(0, u.path.split('/').filter(Boolean).length - 1),
      })),
      years,
      today: this.clock.today(),
      statuses: Object.values(BountyStatus),
      statusLabels: BOUNTY_STATUS_LABEL,
      /** Bounties this leader may decide on: proposed, and not proposed by themselves. */
      decidable: ledger.items
        .filter((i) => i.status === BountyStatus.PROPOSED && proposers.get(i.id) !== actor.id)
        .map((i) => i.id),
      canDecide: hasRole(actor, Role.SUPERVISION_LEADER),
      canHandle: hasRole(actor, Role.SAFETY_OFFICE),
      formState: state,
    });
  }

  /**
   * Who proposed each bounty, from the change log — needed only for a leader who is also in the safety office
   * (only the safety office proposes), so the page does not offer them the approval of their own proposal.
   */
  private async proposersOf(actor: Actor, ids: number[]): Promise<Map<number, number | null>> {
    const map = new Map<number, number | null>();
    if (!hasRole(actor, Role.SUPERVISION_LEADER) || !hasRole(actor, Role.SAFETY_OFFICE)) return map;
    await Promise.all(
      ids.map(async (id) => {
        const { items } = await this.audit.list(actor, {
          entityType: 'Bounty',
          entityId: String(id),
          limit: 50,
          offset: 0,
        });
        map.set(id, items.find((e) => e.action === 'BOUNTY_PROPOSED')?.actorId ?? null);
      }),
    );
    return map;
  }
}
