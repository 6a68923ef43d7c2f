import { Body, Get, Post, Query, Req, Res, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { Actor } from '../../common/access/actor';
import { AppConfig } from '../../config/app-config';
import { Role } from '../../common/access/roles';
import { AllowRoles } from '../../common/access/roles.decorator';
import { Clock } from '../../common/time/clock';
import { FindingCategory, FindingSource, HazardLevel } from '../../findings/finding.enums';
import { FindingsService } from '../../findings/findings.service';
import type { Unit } from '../../org/unit.entity';
import {
  dueInstant,
  formatWeek,
  isoWeekOf,
  IsoWeek,
  parseWeek,
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

/** Evidence files one report form may carry (photos of the items fixed on the spot). */
const MAX_FORM_FILES = 20;
import { deadlineText } from './weekly-home-card';
import { WeeklyPageData } from './weekly-page-data';

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
    const typedWeek = text(query.week);
    const week: IsoWeek = (typedWeek && parseWeek(typedWeek)) || isoWeekOf(this.clock.today());
    const active = obligations.items.filter((o) => o.active);
    const requiring = await this.weekly.requiringWeek(active, week);
    const { obligation, unitChoices, unit } = chooseWhat(actor, query, active, requiring, unitMap);
    // A week the campaign does not ask for is never due nor late: the page says so and offers no form.
    const required = !!obligation && requiring.includes(obligation);
    const { current, reportId } = await this.currentReport(actor, obligation, unit, week);
    const prompts = await this.prompts(actor, obligation);
    const duePassed =
      obligation && required
        ? dueInstant(week, obligation.dueTime, this.clock.timeZone) <= this.clock.now()
        : false;
    const rows: ItemRow[] =
      state?.form === 'weekly' ? (state.values.items as ItemRow[]) : await this.prefill(actor, current);
    const blank = Math.max(BLANK_ROWS - rows.length, 1);
    renderPage(req, res, 'weekly/form', {
      title: `填报举一反三周报 ${formatWeek(week)}`,
      maxBytes: this.config.EVIDENCE_MAX_BYTES,
      formState: state,
      obligations: active,
      obligation,
      required,
      unitChoices,
      unit,
      week: formatWeek(week),
      weekOptions: this.data.weekOptions(obligation ? [obligation] : []),
      thursday: thursdayOf(week),
      deadline: obligation ? deadlineText(week, obligation.dueTime) : '',
      duePassed,
      current,
      reportId,
      locked: !!current && isLocked({ currentVersion: current.version.version }, duePassed),
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
      prompts,
    });
  }

  /** The unit's report of the week under the obligation, if any, and its current version once submitted. */
  private async currentReport(
    actor: Actor,
    obligation: ReportingObligation | undefined,
    unit: Unit | undefined,
    week: IsoWeek,
  ): Promise<{ current: CurrentReport | null; reportId: number | null }> {
    if (!obligation || !unit) return { current: null, reportId: null };
    const found = await this.weekly.history(actor, {
      unitId: unit.id,
      obligationId: obligation.id,
      from: formatWeek(week),
      to: formatWeek(week),
    });
    const r = found.items.find((x) => x.unitId === unit.id);
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
    return items
      .filter((f) => f.source !== FindingSource.SELF_CHECK)
      .map((f) => ({
        id: f.id,
        label: `${f.code} ${f.description.length > 28 ? f.description.slice(0, 28) + '…' : f.description}`,
      }));
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

/**
 * The obligation and unit the form is for: as asked, else the first obligation that asks for the week (none when no
 * campaign does: a campaign that ended is not offered as the default) and the user's home unit (or the first the
 * obligation names).
 */
function chooseWhat(
  actor: Actor,
  query: FormBody,
  active: ReportingObligation[],
  requiring: ReportingObligation[],
  unitMap: Map<number, Unit>,
) {
  const wantedO = Number(text(query.obligationId));
  const obligation =
    active.find((o) => o.id === wantedO) ??
    requiring.find((o) => actor.homeUnitId !== null && o.unitIds.includes(actor.homeUnitId)) ??
    requiring[0];
  const unitChoices = obligation
    ? obligation.unitIds.map((id) => unitMap.get(id)).filter((u): u is Unit => !!u)
    : [];
  const wantedU = Number(text(query.unitId));
  const unit =
    unitChoices.find((u) => u.id === wantedU) ??
    unitChoices.find((u) => u.id === actor.homeUnitId) ??
    unitChoices[0];
  return { obligation, unitChoices, unit };
}
