import type { Actor } from '../../common/access/actor';
import type { Unit } from '../../org/unit.entity';
import { askedWeeks, obligationRequiresWeek } from '../../weekly-reports/rules/compliance-cell';
import { weekCounts } from '../../weekly-reports/rules/counted-weeks';
import {
  compareWeeks,
  dueInstant,
  formatWeek,
  IsoWeek,
  nextWeek,
  parseWeek,
} from '../../weekly-reports/rules/iso-week';
import { isSubmitted } from '../../weekly-reports/rules/weekly-report-state';
import { WeeklyReportStatus } from '../../weekly-reports/weekly-report.enums';
import { weeklyFormPath } from '../../weekly-reports/weekly-form-path';
import type { ReportingObligation } from '../../weekly-reports/weekly-reports.service';
import { text } from '../forms';
import type { FormBody } from './weekly-form';
import { weekWithDays } from './weekly-page-data';

/**
 * A campaign (obligation) as the report form offers it. The form's week choice lists only the weeks one asks for, up
 * to this week (it listed every week from the campaign's start to today, years past its end).
 */
export interface Campaign {
  o: ReportingObligation;
  /** Its end date or its round's close; null while open. */
  lastDay: string | null;
  /** The weeks it asks for, oldest first, none after this week. */
  weeks: IsoWeek[];
  /** Its last day has passed. */
  ended: boolean;
  /** "名称（2023-02-13 起，2023-04-09 止，已结束）": the choice in the 周报要求 select. */
  label: string;
}

/** A unit's report of a week as the form reads it (a row of the history). */
export interface ReportFacts {
  id: number;
  week: string;
  status: WeeklyReportStatus;
  currentVersion: number;
  lastSubmittedAt: Date | null;
}

/** A week a unit has not reported yet that a campaign asks for: due this week, or late but still to be handed in. */
export interface UnreportedWeek {
  week: string;
  label: string;
  unitName: string;
  campaignName: string;
  duePassed: boolean;
  url: string;
}

/** A campaign with its period as of today: the weeks it has asked for so far, whether it has ended, its label. */
export function campaignOf(
  o: ReportingObligation,
  lastDay: string | null,
  today: string,
  thisWeek: IsoWeek,
): Campaign {
  const ended = lastDay !== null && lastDay < today;
  const period = `${o.startDate} 起${lastDay ? `，${lastDay} 止` : ''}${ended ? '，已结束' : ''}`;
  return { o, lastDay, weeks: askedWeeks(o, lastDay, thisWeek), ended, label: `${o.name}（${period}）` };
}

const sameWeek = (a: IsoWeek, b: IsoWeek) => compareWeeks(a, b) === 0;

/** Whether a campaign asks for a week that has begun. */
export const asks = (c: Campaign, w: IsoWeek) => c.weeks.some((x) => sameWeek(x, w));

/**
 * The campaign, week and unit the form is for. The campaign as asked, else the first that asks for the week (the
 * user's unit's first; none when no campaign does: one that ended is never the default). The week as asked, else
 * this week; null for a campaign chosen without a week (defaultWeek decides once the unit's reports are read). The
 * unit as asked, else the user's home unit, else the first the campaign names.
 */
export function chooseWhat(
  actor: Actor,
  query: FormBody,
  campaigns: Campaign[],
  thisWeek: IsoWeek,
  unitMap: Map<number, Unit>,
) {
  const wanted = campaigns.find((c) => c.o.id === Number(text(query.obligationId)));
  const typed = text(query.week);
  const week = (typed && parseWeek(typed)) || (wanted ? null : thisWeek);
  const requiring = week ? campaigns.filter((c) => asks(c, week)) : [];
  const campaign =
    wanted ??
    requiring.find((c) => actor.homeUnitId !== null && c.o.unitIds.includes(actor.homeUnitId)) ??
    requiring[0];
  const unitChoices = campaign
    ? campaign.o.unitIds.map((id) => unitMap.get(id)).filter((u): u is Unit => !!u)
    : [];
  const wantedU = Number(text(query.unitId));
  const unit =
    unitChoices.find((u) => u.id === wantedU) ??
    unitChoices.find((u) => u.id === actor.homeUnitId) ??
    unitChoices[0];
  return { campaign, week, unitChoices, unit };
}

/**
 * The week a campaign's form opens on when none was asked for: this week when the campaign asks for it; else (it has
 * ended, or this week is outside it) the latest week the unit has still not reported, which it may hand in late;
 * else the campaign's last week so far; else (it has not begun) this week.
 */
export function defaultWeek(
  c: Campaign,
  reports: Map<string, ReportFacts>,
  thisWeek: IsoWeek,
  now: Date,
  timeZone: string,
): IsoWeek {
  if (asks(c, thisWeek)) return thisWeek;
  const unreported = [...c.weeks].reverse().find((w) => weekNote(c, reports, w, now, timeZone) === '未报');
  return unreported ?? c.weeks.at(-1) ?? thisWeek;
}

/**
 * Why a campaign does not ask for a week that has begun, as the unit reads it: its period ended before, or begins
 * after. `named`: the sentence names the campaign (the page lists several), else it is "该周报要求".
 */
export function notAskedReason(c: Campaign, w: IsoWeek, named: boolean): string {
  const who = named ? `「${c.o.name}」` : '该周报要求';
  if (c.lastDay !== null && compareWeeks(w, c.weeks.at(-1) ?? w) > 0) return `${who}已于 ${c.lastDay} 结束`;
  return `${who}自 ${c.o.startDate} 起报送`;
}

/** The note a week carries in the week select: how the unit stands with it (已报, 迟报, 未报, 待报). */
export function weekNote(
  c: Campaign,
  reports: Map<string, ReportFacts>,
  w: IsoWeek,
  now: Date,
  timeZone: string,
): string {
  const r = reports.get(formatWeek(w));
  if (r && isSubmitted(r)) return r.status === WeeklyReportStatus.LATE ? '迟报' : '已报';
  if (dueInstant(w, c.o.dueTime, timeZone) > now) return '待报';
  // A week before the campaign was set is for the record only: never missing.
  return weekCounts(c.o, w) ? '未报' : '';
}

/**
 * The weeks of a campaign a unit has not reported, newest first: this week's if still due, and every past week it
 * counts (the ones marked missing), which may still be handed in late. A week before the campaign was set is left out.
 */
export function unreportedWeeks(
  c: Campaign,
  unit: Unit,
  reports: Map<string, ReportFacts>,
  now: Date,
  timeZone: string,
): UnreportedWeek[] {
  return c.weeks
    .filter((w) => ['待报', '未报'].includes(weekNote(c, reports, w, now, timeZone)))
    .reverse()
    .map((w) => ({
      week: formatWeek(w),
      label: weekWithDays(w),
      unitName: unit.name,
      campaignName: c.o.name,
      duePassed: dueInstant(w, c.o.dueTime, timeZone) <= now,
      url: weeklyFormPath(c.o.id, unit.id, formatWeek(w)),
    }));
}

/** Every week one of the campaigns asks for, oldest first (the picker when no campaign is chosen). */
export function everyWeek(campaigns: Campaign[]): IsoWeek[] {
  const byText = new Map(campaigns.flatMap((c) => c.weeks).map((w) => [formatWeek(w), w]));
  return [...byText.keys()].sort().map((k) => byText.get(k)!);
}

/**
 * Where a problem found after a week's report was locked goes: this week's report of the campaign while it asks for
 * one (a link), the next week's when the week in view is this week and the campaign asks for the next; else none
 * (the campaign has ended, or ends with the week in view).
 */
export function nextReport(c: Campaign, unit: Unit, week: IsoWeek, thisWeek: IsoWeek) {
  if (compareWeeks(week, thisWeek) < 0 && asks(c, thisWeek))
    return { week: formatWeek(thisWeek), url: weeklyFormPath(c.o.id, unit.id, formatWeek(thisWeek)) };
  if (compareWeeks(week, thisWeek) === 0 && obligationRequiresWeek(c.o, nextWeek(thisWeek), c.lastDay))
    return { week: formatWeek(nextWeek(thisWeek)), url: null };
  return null;
}
