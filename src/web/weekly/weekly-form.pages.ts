import { Body, Get, Post, Query, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { Actor } from '../../common/access/actor';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config';
import { Role } from '../../common/access/roles';
import { AllowRoles } from '../../common/access/roles.decorator';
import { Clock } from '../../common/time/clock';
import { FindingCategory, FindingSource, HazardLevel } from '../../findings/finding.enums';
import { FindingsService } from '../../findings/findings.service';
import type { Unit } from '../../org/unit.entity';
import {
  compareWeeks,
  dueInstant,
  formatWeek,
  isoWeekOf,
  IsoWeek,
  thursdayOf,
} from '../../weekly-reports/rules/iso-week';
import { isLocked } from '../../weekly-reports/rules/weekly-report-state';
import { SubmitWeeklyReportDto } from '../../weekly-reports/weekly-report.dto';
import type { ReportingObligation, WeeklyReportVersion } from '../../weekly-reports/weekly-reports.service';
import { WeeklyReportsService } from '../../weekly-reports/weekly-reports.service';
import { FormState, formState, int, text, validForm } from '../forms';
import { flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { BLANK_ROWS, itemRows, itemToRow, noneFoundOf, REPORT_LABELS, rowToDto } from './weekly-form';
import type { FormBody, ItemRow } from './weekly-form';
import {
  type FormFile,
  refuseOversizeUpload,
  UploadInterceptor,
} from '../../common/files/upload-limit.interceptor';

import {
  asks,
  campaignOf,
  chooseWhat,
  defaultWeek,
  everyWeek,
  nextReport,
  notAskedReason,
  unreportedWeeks,
  weekNote,
  type Campaign,
  type ReportFacts,
  type UnreportedWeek,
} from './weekly-form-weeks';
import { deadlineText } from './weekly-home-card';
import { weekChoices, weekWithDays, WeeklyPageData } from './weekly-page-data';

/** Evidence files one report form may carry (photos of the items fixed on the spot). */
const MAX_FORM_FILES = 20;

/**
 * The newest weeks still owed that the form lists; the rest are counted and left to the compliance matrix (someone
 * reporting for many units may owe hundreds of weeks, which no one reads as a list).
 */
const UNREPORTED_SHOWN = 20;
const shownUnreported = (all: UnreportedWeek[]) => ({
  unreported: all.slice(0, UNREPORTED_SHOWN),
  unreportedMore: Math.max(0, all.length - UNREPORTED_SHOWN),
});

/** The report a unit already submitted for the week: its current version. */
interface CurrentReport {
  id: number;
  version: WeeklyReportVersion;
  lastSubmittedAt: Date | null;
}

/** The unit's Thursday report form: a new report, or a correction of the current version before the deadline. */
@WebPages('weekly-reports')
export class WeeklyFormPages {
  constructor(
    private readonly weekly: WeeklyReportsService,
    private readonly findings: FindingsService,
    private readonly data: WeeklyPageData,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Get('new')
  @AllowRoles(Role.UNIT_OFFICER, Role.UNIT_HEAD)
  async form(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: FormBody): Promise<void> {
    await this.showForm(req, res, query);
  }

  @Post()
  @AllowRoles(Role.UNIT_OFFICER, Role.UNIT_HEAD)
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES', { for: 'page', files: MAX_FORM_FILES }))
  async submit(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Body() body: FormBody,
    @UploadedFiles() files: FormFile[] | undefined,
  ): Promise<void> {
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
      refuseOversizeUpload(req);
      const dto = await validForm(
        SubmitWeeklyReportDto,
        {
          obligationId: int(body.obligationId),
          unitId: int(body.unitId),
          week: text(body.week),
          noneFound,
          statement: text(body.statement),
          // "None found" sends no rows even if some were typed before the choice; otherwise every typed row.
          items: noneFound ? [] : rows.map((r) => rowToDto(r, files ?? [])),
        },
        REPORT_LABELS,
      );
      const saved = await this.weekly.submit(req.actor!, dto);
      flash(res, submittedMessage(saved.week, saved.versionRecord));
      redirect(res, `/weekly-reports/${saved.id}`);
    } catch (err) {
      const state = formState(err, 'weekly', values, REPORT_LABELS);
      res.status(state.status);
      await this.showForm(req, res, body, state);
    }
  }

  private async showForm(
    req: WebRequest,
    res: HttpResponse,
    query: FormBody,
    state?: FormState,
  ): Promise<void> {
    const actor = req.actor!;
    const [obligations, unitMap] = await Promise.all([
      this.weekly.listObligations(actor),
      this.data.unitMap(actor),
    ]);
    const today = this.clock.today();
    const thisWeek = isoWeekOf(today);
    const active = obligations.items.filter((o) => o.active);
    const lastDays = await this.weekly.lastDays(active);
    const campaigns = active.map((o) => campaignOf(o, lastDays.get(o.id) ?? null, today, thisWeek));
    // Opened from a finding's 举一反三排查 (?prompt=<finding id>): its round's requirement, and the finding as the
    // first new problem's 对照的督察问题, so what the unit found is linked to it on submission.
    const prompted = state ? null : await this.promptedFinding(actor, query);
    const promptedCampaign = prompted
      ? (campaigns.find(
          (c) =>
            c.o.roundId === prompted.roundId &&
            (actor.homeUnitId === null || c.o.unitIds.includes(actor.homeUnitId)),
        ) ?? campaigns.find((c) => c.o.roundId === prompted.roundId))
      : undefined;
    const chosen = chooseWhat(
      actor,
      promptedCampaign && !text(query.obligationId)
        ? { ...query, obligationId: String(promptedCampaign.o.id) }
        : query,
      campaigns,
      thisWeek,
      unitMap,
    );
    const { campaign, unitChoices, unit } = chosen;
    const obligation = campaign?.o;
    const now = this.clock.now();
    const tz = this.clock.timeZone;
    const reports =
      campaign && unit ? await this.reportsOf(actor, campaign.o, unit) : new Map<string, ReportFacts>();
    const week = chosen.week ?? (campaign ? defaultWeek(campaign, reports, thisWeek, now, tz) : thisWeek);
    // A week the campaign does not ask for is never due nor late: the page says why and offers no form.
    const required = !!campaign && asks(campaign, week);
    const { current, reportId } = await this.currentReport(actor, reports.get(formatWeek(week)));
    const prompts = await this.prompts(actor, obligation);
    // The prompting finding is offered even past the list's first 200 (it is of the chosen campaign's round).
    if (prompted && promptedCampaign === campaign && prompted.source !== FindingSource.SELF_CHECK)
      if (!prompts.some((x) => x.id === prompted.id)) prompts.unshift(promptOf(prompted));
    const duePassed = obligation && required ? dueInstant(week, obligation.dueTime, tz) <= now : false;
    const offered = campaign
      ? weekChoices(campaign.weeks, (w) => weekNote(campaign, reports, w, now, tz))
      : weekChoices(everyWeek(campaigns));
    const rows: ItemRow[] =
      state?.form === 'weekly' ? (state.values.items as ItemRow[]) : await this.prefill(actor, current);
    const blank = Math.max(BLANK_ROWS - rows.length, 1);
    const open = required && !(current && isLocked({ currentVersion: current.version.version }, duePassed));
    const prompt =
      prompted && open && prompts.some((x) => x.id === prompted.id) ? String(prompted.id) : undefined;
    // Opened from a finding but it could not be chosen: the page says why rather than leave the user to find out.
    const promptNote =
      prompted && !prompt
        ? !promptedCampaign
          ? `${prompted.code} 所在的督察轮次没有要求本单位报送的举一反三周报，排查发现的同类问题请报公司安全环保部门登记。`
          : `${prompted.code} 所在轮次的周报要求「${promptedCampaign.o.name}」没有本单位可填写的周次（${campaign === promptedCampaign ? '所选周次已报送并锁定，或不在要求期内' : '已另选周报要求'}），排查发现的同类问题请报公司安全环保部门登记。`
        : null;
    renderPage(req, res, 'weekly/form', {
      title: `填报举一反三周报 ${formatWeek(week)}`,
      maxBytes: this.config.EVIDENCE_MAX_BYTES,
      formState: state,
      obligations: campaigns,
      obligation,
      required,
      unitChoices,
      unit,
      week: formatWeek(week),
      // "本周（2026-W50，12月7日–12月13日）" or "2026-W45（11月2日–11月8日）"
      weekText:
        compareWeeks(week, thisWeek) === 0
          ? `本周（${weekWithDays(week).replace('（', '，')}`
          : weekWithDays(week),
      // The picker shows the week in view when it is one it offers (or has the unit's report), else asks for one.
      weekValue: required || current ? formatWeek(week) : '',
      weekOptions: offered,
      notAsked: required ? null : this.whyNotAsked(campaign, campaigns, week, thisWeek),
      ...shownUnreported(
        required ? [] : await this.unreported(actor, campaign, unit, reports, campaigns, unitMap),
      ),
      nextReport: campaign && unit ? nextReport(campaign, unit, week, thisWeek) : null,
      campaign,
      thursday: thursdayOf(week),
      deadline: obligation ? deadlineText(week, obligation.dueTime) : '',
      duePassed,
      current,
      reportId,
      locked: !!current && isLocked({ currentVersion: current.version.version }, duePassed),
      rows: [
        ...rows,
        ...Array.from({ length: blank }, (_, i) =>
          i === 0 && prompt ? ({ promptedByFindingId: prompt } as ItemRow) : ({} as ItemRow),
        ),
      ],
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
      prompts,
      promptNote,
    });
  }

  /** The finding named by `?prompt=`, when the actor may see it (else none: the form opens as without it). */
  private async promptedFinding(actor: Actor, query: FormBody) {
    const typed = text(query.prompt);
    if (!typed || !/^\d{1,9}$/.test(typed)) return null;
    return this.findings
      .getScoped(actor, Number(typed))
      .catch((err: unknown) =>
        err instanceof DomainError && err.kind === 'NOT_FOUND' ? null : Promise.reject(err),
      );
  }

  /** The unit's reports under the campaign, by week ("2023-W11"). */
  private async reportsOf(
    actor: Actor,
    o: ReportingObligation,
    unit: Unit,
  ): Promise<Map<string, ReportFacts>> {
    return (await this.reportsByUnit(actor, o, unit.id)).get(unit.id) ?? new Map<string, ReportFacts>();
  }

  /** The campaign's reports the actor may see (of one unit, when given), by unit, then by week ("2023-W11"). */
  private async reportsByUnit(
    actor: Actor,
    o: ReportingObligation,
    unitId?: number,
  ): Promise<Map<number, Map<string, ReportFacts>>> {
    const { items } = await this.weekly.history(actor, { obligationId: o.id, unitId, limit: 100_000 });
    const byUnit = new Map<number, Map<string, ReportFacts>>();
    for (const r of items) {
      const weeks = byUnit.get(r.unitId) ?? new Map<string, ReportFacts>();
      byUnit.set(r.unitId, weeks.set(r.week, r));
    }
    return byUnit;
  }

  /**
   * Why no report is asked for the week: it has not begun, or it lies outside the period of the campaign chosen, or
   * of each of the user's campaigns when none is ("「…」已于 2023-04-09 结束").
   */
  private whyNotAsked(
    campaign: Campaign | undefined,
    campaigns: Campaign[],
    week: IsoWeek,
    thisWeek: IsoWeek,
  ) {
    if (compareWeeks(week, thisWeek) > 0) return { future: true, reason: '' };
    const reasons = campaign
      ? [notAskedReason(campaign, week, false)]
      : campaigns.map((c) => notAskedReason(c, week, true));
    return { future: false, reason: reasons.join('；') };
  }

  /**
   * The weeks still to be reported that the page lists when the week in view asks for nothing: of the campaign
   * chosen for its unit, or of every campaign for each of its units the user may report for.
   */
  private async unreported(
    actor: Actor,
    campaign: Campaign | undefined,
    unit: Unit | undefined,
    reports: Map<string, ReportFacts>,
    campaigns: Campaign[],
    unitMap: Map<number, Unit>,
  ): Promise<UnreportedWeek[]> {
    const [now, tz] = [this.clock.now(), this.clock.timeZone];
    if (campaign) return unit ? unreportedWeeks(campaign, unit, reports, now, tz) : [];
    const out: UnreportedWeek[] = [];
    for (const c of campaigns) {
      if (!c.weeks.length) continue;
      // One read of the campaign's reports for all its units (not one per unit: an office user sees hundreds).
      const byUnit = await this.reportsByUnit(actor, c.o);
      for (const u of c.o.unitIds.map((id) => unitMap.get(id)).filter((x): x is Unit => !!x?.active))
        out.push(...unreportedWeeks(c, u, byUnit.get(u.id) ?? new Map<string, ReportFacts>(), now, tz));
    }
    return out.sort((a, b) => b.week.localeCompare(a.week));
  }

  /** The unit's report of the week, if any, and its current version once submitted. */
  private async currentReport(
    actor: Actor,
    r: ReportFacts | undefined,
  ): Promise<{ current: CurrentReport | null; reportId: number | null }> {
    if (!r) return { current: null, reportId: null };
    if (r.currentVersion === 0) return { current: null, reportId: r.id };
    const full = await this.weekly.get(actor, r.id);
    const version = full.versions.find((v) => v.version === r.currentVersion);
    return {
      current: version ? { id: r.id, version, lastSubmittedAt: r.lastSubmittedAt } : null,
      reportId: r.id,
    };
  }

  /** The campaign's findings the unit may cite as what prompted its sweep (the service scopes them to its units). */
  private async prompts(actor: Actor, obligation: ReportingObligation | undefined) {
    if (!obligation) return [];
    const { items } = await this.findings.list(actor, {
      roundId: obligation.roundId,
      limit: 200,
      sort: 'code',
    });
    return items.filter((f) => f.source !== FindingSource.SELF_CHECK).map(promptOf);
  }

  /** The current version's items as form rows, with the codes of the findings the user may see. */
  private async prefill(actor: Actor, current: CurrentReport | null): Promise<ItemRow[]> {
    const items = current?.version.items ?? [];
    const codes = new Map<number, string>();
    for (const i of items) {
      const f = await this.findings.getScoped(actor, i.findingId).catch(() => null);
      if (f) codes.set(f.id, f.code);
    }
    return items.map((i) => itemToRow(i, codes.get(i.findingId)));
  }
}

/** "2023-W16 举一反三周报已提交（第 2 版）：…" */
function submittedMessage(week: string, v: WeeklyReportVersion): string {
  return (
    `${week} 举一反三周报已提交（第 ${v.version} 版）` +
    (v.noneFound ? '：本周未发现同类问题' : `：${v.items.length} 个自查发现的问题已登记为单位自查问题`) +
    (v.late ? '。已过截止时间，记为迟报' : '')
  );
}

/** A finding as the weekly form offers it to cite: its code and the start of its description. */
const promptOf = (f: { id: number; code: string; description: string }) => ({
  id: f.id,
  label: `${f.code} ${f.description.length > 28 ? f.description.slice(0, 28) + '…' : f.description}`,
});
