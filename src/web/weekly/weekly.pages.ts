import { Body, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Actor } from '../../common/access/actor';
import { Role, UNIT_ROLES } from '../../common/access/roles';
import { AllowRoles } from '../../common/access/roles.decorator';
import { addDays } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { FindingCategory, FindingSource, HazardLevel } from '../../findings/finding.enums';
import { findingView, FindingsService } from '../../findings/findings.service';
import { Unit } from '../../org/unit.entity';
import { UnitKind } from '../../org/unit-kind';
import { UnitsService } from '../../org/units.service';
import { ReportsService } from '../../reports/reports.service';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { RoundStatus } from '../../rounds/round.enums';
import { RoundsService } from '../../rounds/rounds.service';
import {
  compareWeeks,
  dueInstant,
  formatWeek,
  isoWeekOf,
  IsoWeek,
  mondayOf,
  parseWeek,
  thursdayOf,
  weeksBetween,
} from '../../weekly-reports/rules/iso-week';
import { reportCell } from '../../weekly-reports/rules/compliance-cell';
import {
  CreateObligationDto,
  HistoryQuery,
  SubmitWeeklyReportDto,
  WeekQuery,
  WeekRangeQuery,
} from '../../weekly-reports/weekly-report.dto';
import { WeeklyReportVersion } from '../../weekly-reports/weekly-report.entities';
import { ComplianceCell, WeeklyReportsService } from '../../weekly-reports/weekly-reports.service';
import { sendPdf } from '../files';
import { bool, FormState, formState, int, intList, text, validForm } from '../forms';
import { can, flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import {
  CELL_HINT,
  CELL_LABEL,
  companyIdOf,
  deadlineText,
  obligationCovers,
  WeeklyHomeCard,
} from './weekly-home-card';

type FormBody = Record<string, unknown>;

/** Labels of the fields of the weekly report form (validation messages name them). */
const REPORT_LABELS: Record<string, string> = {
  obligationId: '周报要求',
  unitId: '报送单位',
  week: '周次',
  noneFound: '本周排查结果',
  statement: '情况说明',
  items: '自查发现的同类问题',
  findingId: '原问题',
  description: '问题描述',
  location: '地点/部位',
  level: '隐患等级',
  category: '问题类别',
  promptedByFindingId: '对照问题编号',
  topic: '排查主题',
  fixedOnTheSpot: '已现场整改',
  deadline: '整改时限',
  responsiblePerson: '整改责任人',
};
const OBLIGATION_LABELS: Record<string, string> = {
  name: '名称',
  roundId: '督察轮次',
  unitIds: '报送单位',
  startDate: '开始日期',
  endDate: '结束日期',
  dueTime: '周四截止时间',
};
const RANGE_LABELS: Record<string, string> = {
  companyUnitId: '公司',
  from: '起始周',
  to: '截止周',
  week: '周次',
};
const ITEM_FIELDS = [
  'findingId',
  'description',
  'location',
  'level',
  'category',
  'promptedByFindingId',
  'topic',
  'fixedOnTheSpot',
  'deadline',
  'responsiblePerson',
  'withdraw',
] as const;
/** A row as the form shows it; `code` (the SELF_CHECK finding's code of a kept item) is shown, never sent. */
type ItemRow = Partial<Record<(typeof ITEM_FIELDS)[number] | 'code', string>>;
const BLANK_ROWS = 3;
const CELLS: ComplianceCell[] = ['ON_TIME', 'NONE_FOUND', 'LATE', 'PENDING', 'MISSING', 'NOT_REQUIRED'];

/** The rows of items the form sent (fields named items.N.field), blank rows left out, renumbered from 0. */
function itemRows(body: FormBody): ItemRow[] {
  const byIndex = new Map<number, ItemRow>();
  for (const [key, value] of Object.entries(body)) {
    const m = /^items\.(\d+)\.(\w+)$/.exec(key);
    if (!m || !(ITEM_FIELDS as readonly string[]).includes(m[2])) continue;
    const row = byIndex.get(Number(m[1])) ?? {};
    row[m[2] as keyof ItemRow] =
      typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : '';
    byIndex.set(Number(m[1]), row);
  }
  const typed = (r: ItemRow) =>
    [
      'findingId',
      'description',
      'location',
      'promptedByFindingId',
      'topic',
      'deadline',
      'responsiblePerson',
    ].some((f) => text(r[f as keyof ItemRow]) !== undefined);
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => r)
    .filter((r) => typed(r) && !(r.findingId && bool(r.withdraw)));
}

const rowToDto = (r: ItemRow) => ({
  findingId: int(r.findingId),
  description: text(r.description),
  location: text(r.location),
  level: text(r.level),
  category: text(r.category),
  promptedByFindingId: int(r.promptedByFindingId),
  topic: text(r.topic),
  fixedOnTheSpot: bool(r.fixedOnTheSpot),
  deadline: text(r.deadline),
  responsiblePerson: text(r.responsiblePerson),
});

const monthDay = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
/** "2023-W16（4月17日–4月23日）" */
const weekLabel = (w: IsoWeek) => {
  const monday = mondayOf(w);
  return `${formatWeek(w)}（${monthDay(monday)}–${monthDay(addDays(monday, 6))}）`;
};

/** The HTTP status of a refused form: 409 for a conflict (e.g. the report is locked), 413, else 400. */
const noneFoundOf = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : undefined);

/**
 * 举一反三周报 pages: the unit's Thursday report form and its history, one report with its versions, the compliance
 * matrix, one week's summary with its PDF, and the safety office's reporting obligations. Every route has the
 * roles of the API route it stands for; the service scopes every list to the user's units.
 */
@WebPages('weekly-reports')
export class WeeklyPages {
  constructor(
    private readonly weekly: WeeklyReportsService,
    private readonly card: WeeklyHomeCard,
    private readonly units: UnitsService,
    private readonly rounds: RoundsService,
    private readonly findings: FindingsService,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  // ---------- index: obligations, this week, history ----------

  @Get()
  @AllowRoles(...FINDING_READERS)
  async index(@Req() req: WebRequest, @Res() res: Response, @Query() query: FormBody): Promise<void> {
    await this.showIndex(req, res, query);
  }

  private async showIndex(req: WebRequest, res: Response, query: FormBody, state?: FormState): Promise<void> {
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
      can(actor, ...UNIT_ROLES) && actor.unitScopePath !== null ? this.card.owed(actor) : null,
      this.unitMap(actor),
      this.roundNames(actor),
    ]);
    const canCreate = can(actor, Role.SAFETY_OFFICE);
    const rounds = canCreate
      ? (await this.rounds.list(actor, { limit: 500 })).items.filter((r) => r.status !== RoundStatus.CLOSED)
      : [];
    const companyId = companyIdOf(actor);
    renderPage(req, res, 'weekly/index', {
      title: '举一反三周报',
      formState: state ?? historyState,
      today: this.clock.today(),
      week: formatWeek(isoWeekOf(this.clock.today())),
      companyId,
      owed,
      history: {
        ...history,
        items: history.items.map((r) => {
          const o = obligations.items.find((x) => x.id === r.obligationId);
          return {
            ...r,
            ...this.statusOf(r),
            deadline: o ? deadlineText(parseWeek(r.week)!, o.dueTime) : '',
          };
        }),
      },
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
      rounds,
      secondaryUnits: canCreate ? this.secondaryUnits(unitMap) : [],
      weekOptions: this.weekOptions(obligations.items),
    });
  }

  @Post('obligations')
  @AllowRoles(Role.SAFETY_OFFICE)
  async createObligation(
    @Req() req: WebRequest,
    @Res() res: Response,
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
        `已设定周报要求「${o.name}」：${o.unitIds.length} 个单位自 ${o.startDate} 起每周四 ${o.dueTime} 前报送`,
      );
      res.redirect(303, '/weekly-reports');
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

  // ---------- the report form ----------

  @Get('new')
  @AllowRoles(Role.UNIT_OFFICER, Role.UNIT_HEAD)
  async form(@Req() req: WebRequest, @Res() res: Response, @Query() query: FormBody): Promise<void> {
    await this.showForm(req, res, query);
  }

  @Post()
  @AllowRoles(Role.UNIT_OFFICER, Role.UNIT_HEAD)
  async submit(@Req() req: WebRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const rows = itemRows(body);
    const noneFound = noneFoundOf(body.noneFound);
    const values = {
      obligationId: text(body.obligationId),
      unitId: text(body.unitId),
      week: text(body.week),
      noneFound: body.noneFound,
      statement: body.statement,
      items: rows,
    };
    try {
      const dto = await validForm(
        SubmitWeeklyReportDto,
        {
          obligationId: int(body.obligationId),
          unitId: int(body.unitId),
          week: text(body.week),
          noneFound,
          statement: text(body.statement),
          // "None found" sends no rows even if some were typed before the choice; otherwise every typed row.
          items: noneFound ? [] : rows.map(rowToDto),
        },
        REPORT_LABELS,
      );
      const saved = await this.weekly.submit(req.actor!, dto);
      const v = saved.versionRecord;
      flash(
        res,
        `${saved.week} 举一反三周报已提交（第 ${v.version} 版）` +
          (v.noneFound
            ? '：本周未发现同类问题'
            : `：${v.items.length} 个自查发现的问题已登记为单位自查问题`) +
          (v.late ? '。已过截止时间，记为迟报' : ''),
      );
      res.redirect(303, `/weekly-reports/${saved.id}`);
    } catch (err) {
      const state = formState(err, 'weekly', values, REPORT_LABELS);
      res.status(state.status);
      await this.showForm(req, res, body, state);
    }
  }

  private async showForm(req: WebRequest, res: Response, query: FormBody, state?: FormState): Promise<void> {
    const actor = req.actor!;
    const today = this.clock.today();
    const [obligations, unitMap] = await Promise.all([
      this.weekly.listObligations(actor),
      this.unitMap(actor),
    ]);
    const typedWeek = text(query.week);
    const week: IsoWeek = (typedWeek && parseWeek(typedWeek)) || isoWeekOf(today);
    const active = obligations.items.filter((o) => o.active);
    const wantedO = Number(text(query.obligationId));
    const obligation =
      active.find((o) => o.id === wantedO) ?? active.find((o) => obligationCovers(o, week)) ?? active[0];
    const unitChoices = obligation
      ? obligation.unitIds.map((id) => unitMap.get(id)).filter((u): u is Unit => !!u)
      : [];
    const wantedU = Number(text(query.unitId));
    const unit =
      unitChoices.find((u) => u.id === wantedU) ??
      unitChoices.find((u) => u.id === actor.homeUnitId) ??
      unitChoices[0];

    let current: { id: number; version: WeeklyReportVersion; lastSubmittedAt: Date | null } | null = null;
    let reportId: number | null = null;
    if (obligation && unit) {
      const found = await this.weekly.history(actor, {
        unitId: unit.id,
        obligationId: obligation.id,
        from: formatWeek(week),
        to: formatWeek(week),
      });
      const r = found.items.find((x) => x.unitId === unit.id);
      if (r) {
        reportId = r.id;
        if (r.currentVersion > 0) {
          const full = await this.weekly.get(actor, r.id);
          const version = full.versions.find((v) => v.version === r.currentVersion);
          if (version) current = { id: r.id, version, lastSubmittedAt: r.lastSubmittedAt };
        }
      }
    }
    // The campaign's findings the unit may cite as what prompted its sweep (the service scopes them to its units).
    const prompts = obligation
      ? (
          await this.findings.list(actor, { roundId: obligation.roundId, limit: 200, sort: 'code' })
        ).items.filter((f) => f.source !== FindingSource.SELF_CHECK)
      : [];
    const now = this.clock.now();
    const duePassed = obligation ? dueInstant(week, obligation.dueTime, this.clock.timeZone) <= now : false;
    const codes = new Map<number, string>();
    for (const i of current?.version.items ?? []) {
      const f = await this.findings.getScoped(actor, i.findingId).catch(() => null);
      if (f) codes.set(f.id, f.code);
    }
    const prefill: ItemRow[] = (current?.version.items ?? []).map((i) => ({
      code: codes.get(i.findingId),
      findingId: String(i.findingId),
      description: i.description,
      location: i.location,
      level: i.level,
      category: i.category,
      promptedByFindingId: i.promptedByFindingId ? String(i.promptedByFindingId) : '',
      topic: i.topic ?? '',
      fixedOnTheSpot: i.fixedOnTheSpot ? 'on' : '',
      deadline: i.deadline,
      responsiblePerson: '',
    }));
    const rows: ItemRow[] = state?.form === 'weekly' ? (state.values.items as ItemRow[]) : prefill;
    const blank = Math.max(BLANK_ROWS - rows.length, 1);
    renderPage(req, res, 'weekly/form', {
      title: `填报举一反三周报 ${formatWeek(week)}`,
      formState: state,
      obligations: active,
      obligation,
      unitChoices,
      unit,
      week: formatWeek(week),
      weekOptions: this.weekOptions(obligation ? [obligation] : []),
      thursday: thursdayOf(week),
      deadline: obligation ? deadlineText(week, obligation.dueTime) : '',
      duePassed,
      current,
      reportId,
      locked: !!current && duePassed,
      rows: [...rows, ...Array.from({ length: blank }, () => ({}) as ItemRow)],
      noneFound:
        state?.form === 'weekly'
          ? String(state.values.noneFound ?? '')
          : current
            ? String(current.version.noneFound)
            : '',
      statement:
        state?.form === 'weekly' ? String(state.values.statement ?? '') : (current?.version.statement ?? ''),
      levels: Object.values(HazardLevel),
      categories: Object.values(FindingCategory),
      prompts: prompts.map((f) => ({
        id: f.id,
        label: `${f.code} ${f.description.length > 28 ? f.description.slice(0, 28) + '…' : f.description}`,
      })),
    });
  }

  // ---------- the compliance matrix ----------

  @Get('compliance')
  @AllowRoles(...FINDING_READERS)
  async compliance(@Req() req: WebRequest, @Res() res: Response, @Query() query: FormBody): Promise<void> {
    const actor = req.actor!;
    const today = this.clock.today();
    const [companies, obligations] = await Promise.all([
      this.companies(actor),
      this.weekly.listObligations(actor),
    ]);
    const values = {
      companyUnitId: text(query.companyUnitId) ?? String(companyIdOf(actor) ?? companies[0]?.id ?? ''),
      from: text(query.from) ?? formatWeek(isoWeekOf(addDays(today, -49))),
      to: text(query.to) ?? formatWeek(isoWeekOf(today)),
    };
    let state: FormState | undefined;
    let matrix: Awaited<ReturnType<WeeklyReportsService['compliance']>> | null = null;
    try {
      const q = await validForm(WeekRangeQuery, values, RANGE_LABELS);
      matrix = await this.weekly.compliance(actor, q);
    } catch (err) {
      state = formState(err, 'range', values, RANGE_LABELS);
      res.status(400);
    }
    const thisWeek = formatWeek(isoWeekOf(today));
    renderPage(req, res, 'weekly/compliance', {
      title: '举一反三周报报送情况',
      formState: state,
      values,
      companies,
      companyName: companies.find((c) => String(c.id) === values.companyUnitId)?.name ?? '',
      matrix: matrix && {
        ...matrix,
        rows: matrix.rows.map((r) => ({
          ...r,
          counts: Object.fromEntries(CELLS.map((c) => [c, r.cells.filter((x) => x.status === c).length])),
        })),
        weekTotals: matrix.weeks.map((w, i) =>
          Object.fromEntries(
            CELLS.map((c) => [c, matrix!.rows.filter((r) => r.cells[i].status === c).length]),
          ),
        ),
      },
      thisWeek,
      weekOptions: this.weekOptions(obligations.items),
      cells: CELLS,
      cellLabel: CELL_LABEL,
      cellHint: CELL_HINT,
    });
  }

  // ---------- one week's summary and its PDF ----------

  @Get('summary')
  @AllowRoles(...FINDING_READERS)
  async summary(@Req() req: WebRequest, @Res() res: Response, @Query() query: FormBody): Promise<void> {
    const actor = req.actor!;
    const [companies, obligations] = await Promise.all([
      this.companies(actor),
      this.weekly.listObligations(actor),
    ]);
    const values = this.weekValues(actor, query, companies);
    let state: FormState | undefined;
    let summary: Awaited<ReturnType<WeeklyReportsService['weekSummary']>> | null = null;
    try {
      const q = await validForm(WeekQuery, values, RANGE_LABELS);
      summary = await this.weekly.weekSummary(actor, q);
    } catch (err) {
      state = formState(err, 'week', values, RANGE_LABELS);
      res.status(400);
    }
    const week = parseWeek(values.week);
    renderPage(req, res, 'weekly/summary', {
      title: `举一反三周报汇总 ${values.week}`,
      formState: state,
      values,
      companies,
      companyName: companies.find((c) => String(c.id) === values.companyUnitId)?.name ?? '',
      summary,
      prevWeek: week ? formatWeek(isoWeekOf(addDays(thursdayOf(week), -7))) : null,
      nextWeek: week ? formatWeek(isoWeekOf(addDays(thursdayOf(week), 7))) : null,
      pdfUrl: `/weekly-reports/summary/pdf?companyUnitId=${encodeURIComponent(values.companyUnitId)}&week=${encodeURIComponent(values.week)}`,
      cellLabel: CELL_LABEL,
      weekOptions: this.weekOptions(obligations.items),
      levels: Object.values(HazardLevel),
      categories: Object.values(FindingCategory),
    });
  }

  @Get('summary/pdf')
  @AllowRoles(...FINDING_READERS)
  async summaryPdf(@Req() req: WebRequest, @Res() res: Response, @Query() query: FormBody): Promise<void> {
    const actor = req.actor!;
    const q = await validForm(WeekQuery, this.weekValues(actor, query, []), RANGE_LABELS);
    sendPdf(res, await this.reports.weeklySummary(actor, q));
  }

  // ---------- one report ----------

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  async report(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<void> {
    const actor = req.actor!;
    const report = await this.weekly.get(actor, id);
    const [obligations, unit, roundNames] = await Promise.all([
      this.weekly.listObligations(actor),
      this.units.get(actor, report.unitId),
      this.roundNames(actor),
    ]);
    const obligation = obligations.items.find((o) => o.id === report.obligationId);
    const ids = [
      ...new Set(
        report.versions.flatMap((v) => v.items.flatMap((i) => [i.findingId, i.promptedByFindingId ?? 0])),
      ),
    ].filter((x) => x > 0);
    const today = this.clock.today();
    const findings = new Map<number, ReturnType<typeof findingView>>();
    await Promise.all(
      ids.map(async (fid) => {
        try {
          findings.set(fid, findingView(await this.findings.getScoped(actor, fid), today));
        } catch {
          // A prompting finding outside the user's units is shown by its number only.
        }
      }),
    );
    const duePassed = report.dueAt <= this.clock.now();
    renderPage(req, res, 'weekly/report', {
      title: `${unit.name} ${report.week} 举一反三周报`,
      report: { ...report, ...this.statusOf(report) },
      unit,
      obligation,
      roundName: obligation ? roundNames.get(obligation.roundId) : undefined,
      deadline: obligation ? deadlineText(parseWeek(report.week)!, obligation.dueTime) : '',
      versions: [...report.versions].reverse(),
      findings: Object.fromEntries(findings),
      duePassed,
      canCorrect:
        can(actor, ...UNIT_ROLES) && (report.currentVersion === 0 || !duePassed) && !!obligation?.active,
      formUrl: `/weekly-reports/new?obligationId=${report.obligationId}&unitId=${report.unitId}&week=${report.week}`,
    });
  }

  // ---------- helpers ----------

  /** The state of a report row as the matrix names it (a stored report is ON_TIME, LATE or MISSING). */
  private statusOf(r: { status: string; noneFound: boolean; currentVersion: number; dueAt: Date }) {
    const cell = reportCell(
      { submitted: r.currentVersion > 0, late: r.status === 'LATE', noneFound: r.noneFound },
      r.dueAt <= this.clock.now(),
    );
    return { cell, cellLabel: CELL_LABEL[cell] };
  }

  private weekValues(actor: Actor, query: FormBody, companies: Unit[]) {
    return {
      companyUnitId: text(query.companyUnitId) ?? String(companyIdOf(actor) ?? companies[0]?.id ?? ''),
      week: text(query.week) ?? formatWeek(isoWeekOf(this.clock.today())),
    };
  }

  /**
   * The weeks a user may pick, newest first: from the first week any visible obligation starts (at most five years
   * back) to the current week, each labelled with its days ("2023-W16（4月17日–4月23日）").
   */
  private weekOptions(obligations: { startDate: string }[], until: IsoWeek = isoWeekOf(this.clock.today())) {
    // At least the last twelve weeks, so the matrix's default range (the last eight) can always be chosen.
    const starts = [...obligations.map((o) => o.startDate), addDays(thursdayOf(until), -84)].sort();
    const earliest = starts[0] ? isoWeekOf(starts[0]) : until;
    const floor = isoWeekOf(addDays(thursdayOf(until), -7 * 260));
    const from =
      compareWeeks(earliest, floor) < 0 ? floor : compareWeeks(earliest, until) > 0 ? until : earliest;
    return weeksBetween(from, until)
      .reverse()
      .map((w) => ({ value: formatWeek(w), label: weekLabel(w) }));
  }

  /** Units the user may see, by id (the service applies the unit scope). */
  private async unitMap(actor: Actor): Promise<Map<number, Unit>> {
    const { items } = await this.units.list(actor, { limit: 1000 });
    return new Map(items.map((u) => [u.id, u]));
  }

  /** The companies a user may choose in the matrix and summary: all for organisation-wide users, else none. */
  private async companies(actor: Actor): Promise<Unit[]> {
    if (actor.unitScopePath !== null) return [];
    return (await this.units.list(actor, { kind: UnitKind.COMPANY, limit: 1000 })).items;
  }

  private async roundNames(actor: Actor): Promise<Map<number, string>> {
    const { items } = await this.rounds.list(actor, { limit: 500 });
    return new Map(items.map((r) => [r.id, r.name]));
  }

  /** Secondary units (二级单位) grouped by company, for choosing who must report. */
  private secondaryUnits(unitMap: Map<number, Unit>) {
    const all = [...unitMap.values()];
    return all
      .filter((c) => c.kind === UnitKind.COMPANY)
      .map((c) => ({ company: c, units: all.filter((u) => u.parentId === c.id && u.active) }));
  }
}
