import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { Actor } from '../../common/access/actor';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { Role, UNIT_ROLES } from '../../common/access/roles';
import { AllowRoles } from '../../common/access/roles.decorator';
import { UnitScope } from '../../common/access/unit-scope';
import { Clock } from '../../common/time/clock';
import { RoundStatus } from '../../rounds/round.enums';
import { RoundsService } from '../../rounds/rounds.service';
import { formatWeek, isoWeekOf, parseWeek } from '../../weekly-reports/rules/iso-week';
import { CreateObligationDto, HistoryQuery } from '../../weekly-reports/weekly-report.dto';
import type { ReportingObligation } from '../../weekly-reports/weekly-reports.service';
import { WeeklyReportsService } from '../../weekly-reports/weekly-reports.service';
import { FormState, formState, int, intList, text, validForm } from '../forms';
import { can, flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { OBLIGATION_LABELS, RANGE_LABELS } from './weekly-form';
import type { FormBody } from './weekly-form';
import { companyIdOf, deadlineText, WeeklyHomeCard } from './weekly-home-card';
import { WeeklyPageData } from './weekly-page-data';

type History = Awaited<ReturnType<WeeklyReportsService['history']>>;

/**
 * 举一反三周报 index: the reporting obligations (and the safety office's form to set one), the reports the user's
 * units owe this week, and the history of reports. Every route has the roles of the API route it stands for.
 */
@WebPages('weekly-reports')
export class WeeklyIndexPages {
  constructor(
    private readonly weekly: WeeklyReportsService,
    private readonly card: WeeklyHomeCard,
    private readonly data: WeeklyPageData,
    private readonly rounds: RoundsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  async index(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: FormBody): Promise<void> {
    await this.showIndex(req, res, query);
  }

  @Post('obligations')
  @AllowRoles(Role.SAFETY_OFFICE)
  async createObligation(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Body() body: FormBody,
  ): Promise<void> {
    const values = {
      name: text(body.name),
      roundId: int(body.roundId),
      unitIds: intList(body.unitIds),
      startDate: text(body.startDate),
      endDate: text(body.endDate),
      dueTime: text(body.dueTime),
    };
    try {
      const dto = await validForm(CreateObligationDto, values, OBLIGATION_LABELS);
      const o = await this.weekly.createObligation(req.actor!, dto);
      flash(
        res,
        `已设定周报要求「${o.name}」：${o.unitIds.length} 个单位自 ${o.startDate} 起每周四 ${o.dueTime} 前报送` +
          (o.uncountedPastWeeks
            ? `；开始日期早于设定日，此前 ${o.uncountedPastWeeks} 周仅供补录，不自动记缺报、不考核（自 ${o.firstCountedWeek} 起计）`
            : ''),
      );
      redirect(res, '/weekly-reports');
    } catch (err) {
      const state = formState(
        err,
        'obligation',
        { ...body, unitIds: values.unitIds ?? [] },
        OBLIGATION_LABELS,
      );
      res.status(state.status);
      await this.showIndex(req, res, {}, state);
    }
  }

  private async showIndex(
    req: WebRequest,
    res: HttpResponse,
    query: FormBody,
    state?: FormState,
  ): Promise<void> {
    const actor = req.actor!;
    const filter = {
      unitId: text(query.unitId),
      obligationId: text(query.obligationId),
      from: text(query.from),
      to: text(query.to),
      limit: text(query.limit),
      offset: text(query.offset),
    };
    let historyState: FormState | undefined;
    let q: HistoryQuery = { limit: 50 };
    try {
      q = await validForm(HistoryQuery, { ...filter, limit: filter.limit ?? '50' }, RANGE_LABELS);
    } catch (err) {
      historyState = formState(err, 'history', filter, RANGE_LABELS);
    }
    const [history, obligations, owed, unitMap, roundNames] = await Promise.all([
      historyState ? { items: [], total: 0 } : this.weekly.history(actor, q),
      this.weekly.listObligations(actor),
      can(actor, ...UNIT_ROLES) && !UnitScope.of(actor).isOrganisationWide ? this.card.owed(actor) : null,
      this.data.unitMap(actor),
      this.data.roundNames(actor),
    ]);
    const canCreate = can(actor, Role.SAFETY_OFFICE);
    renderPage(req, res, 'weekly/index', {
      title: '举一反三周报',
      formState: state ?? historyState,
      today: this.clock.today(),
      week: formatWeek(isoWeekOf(this.clock.today())),
      companyId: companyIdOf(actor),
      owed,
      history: { ...history, items: this.historyRows(history, obligations.items) },
      filter,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
      obligations: obligations.items.map((o) => ({
        ...o,
        roundName: roundNames.get(o.roundId) ?? `轮次 ${o.roundId}`,
        unitNames: o.unitIds.map((id) => unitMap.get(id)?.name).filter(Boolean),
      })),
      visibleUnits: [...unitMap.values()].filter((u) =>
        obligations.items.some((o) => o.unitIds.includes(u.id)),
      ),
      rounds: canCreate ? await this.openRounds(actor) : [],
      secondaryUnits: canCreate ? this.data.secondaryUnits(unitMap) : [],
      weekOptions: this.data.weekOptions(obligations.items),
    });
  }

  /** History rows with their state and deadline. */
  private historyRows(history: History, obligations: ReportingObligation[]) {
    return history.items.map((r) => {
      const o = obligations.find((x) => x.id === r.obligationId);
      return {
        ...r,
        ...this.data.statusOf(r),
        deadline: o ? deadlineText(parseWeek(r.week)!, o.dueTime) : '',
      };
    });
  }

  /** Rounds an obligation may be set for: those not closed. */
  private async openRounds(actor: Actor) {
    return (await this.rounds.list(actor, { limit: 500 })).items.filter(
      (r) => r.status !== RoundStatus.CLOSED,
    );
  }
}
