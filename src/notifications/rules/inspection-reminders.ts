import { Role } from '../../common/access/roles';
import { addDays, dateInZone, type IsoDate } from '../../common/time/business-date';
import { INSPECTION_LEVEL_LABEL, InspectionLevel } from '../../inspections/inspection.enums';
import { dayStart } from '../../inspections/rules/schedule';
import { seesUnit, type Candidate } from './recipients';
import { WEEKLY_REMINDER_HOURS } from './weekly-reminder';

/** The same morning as the weekly reminders (08:00 up to 12:00, business zone); a morning missed is not made up. */
export const INSPECTION_REMINDER_HOURS = WEEKLY_REMINDER_HOURS;
/** How far back an unreported missed inspection is still reported (covers a long weekend of downtime, not history). */
export const MISSED_LOOKBACK_DAYS = 7;
/** At most this many inspections are named in one message; the rest are counted (the page lists them all). */
export const MAX_LISTED = 20;

export const inspectionReminderDue = (hour: number): boolean =>
  hour >= INSPECTION_REMINDER_HOURS.from && hour < INSPECTION_REMINDER_HOURS.until;

/** An inspection task as the reminders see it. */
export interface TaskForReminder {
  id: number;
  unitId: number;
  unitName: string;
  unitPath: string;
  sourceName: string;
  templateName: string;
  level: InspectionLevel;
  dueFrom: Date;
  dueUntil: Date;
}

/**
 * The windows the day's run selects open tasks by: `due` = still doable today (begins before tomorrow, not yet over
 * at `now`); `missed` = ended unsigned before today began, within MISSED_LOOKBACK_DAYS (a task whose window ends
 * today is reported tomorrow: "the day after").
 */
export function reminderWindows(today: IsoDate, now: Date) {
  return {
    due: { beginsBefore: dayStart(addDays(today, 1)), endsAfter: now },
    missed: { endedAfter: dayStart(addDays(today, -MISSED_LOOKBACK_DAYS)), endedBy: dayStart(today) },
  };
}

/**
 * The levels a user is reminded of — whose inspections are theirs to do (InspectionTasksService.mine): the unit
 * people do the unit levels (二级单位, 车间, 班组) in their subtree; the safety office does the company's. The safety
 * office may also do the units' inspections, but a daily list of every unit's shifts would drown its own.
 */
export function remindedLevels(roles: readonly Role[]): InspectionLevel[] {
  const levels: InspectionLevel[] = [];
  if (roles.includes(Role.SAFETY_OFFICE)) levels.push(InspectionLevel.COMPANY);
  if (roles.includes(Role.UNIT_OFFICER) || roles.includes(Role.UNIT_HEAD))
    levels.push(InspectionLevel.SECONDARY, InspectionLevel.WORKSHOP, InspectionLevel.TEAM);
  return levels;
}

/** Each user with open inspections today and the tasks to name in their one reminder (users without none). */
export function dueByUser<T extends TaskForReminder>(
  tasks: T[],
  users: Candidate[],
): { userId: number; tasks: T[] }[] {
  const out: { userId: number; tasks: T[] }[] = [];
  for (const u of users) {
    const levels = remindedLevels(u.roles);
    if (!levels.length) continue;
    const theirs = tasks.filter((t) => levels.includes(t.level) && seesUnit(u, t.unitPath));
    if (theirs.length) out.push({ userId: u.id, tasks: theirs });
  }
  return out;
}

/** Missed tasks per unit (the task's unit), in the order given. */
export function missedByUnit<T extends TaskForReminder>(
  tasks: T[],
): { unitId: number; unitName: string; unitPath: string; tasks: T[] }[] {
  const units = new Map<number, { unitId: number; unitName: string; unitPath: string; tasks: T[] }>();
  for (const t of tasks) {
    const u = units.get(t.unitId) ?? {
      unitId: t.unitId,
      unitName: t.unitName,
      unitPath: t.unitPath,
      tasks: [],
    };
    u.tasks.push(t);
    units.set(t.unitId, u);
  }
  return [...units.values()];
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();
/** `2026-12-02 16:00` in the zone; the end of a day reads `2026-12-02 24:00`, as the weekly deadlines do. */
export function instantLabel(instant: Date, timeZone: string, end = false): string {
  let f = clockFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, f);
  }
  const hm = f.format(instant);
  if (end && hm === '00:00') return `${dateInZone(new Date(instant.getTime() - 1), timeZone)} 24:00`;
  return `${dateInZone(instant, timeZone)} ${hm}`;
}

/** `2026-12-01 00:00–08:00` (one day) or `2026-11-30 00:00–2026-12-06 24:00`. */
export function windowLabel(from: Date, until: Date, timeZone: string): string {
  const a = instantLabel(from, timeZone);
  const b = instantLabel(until, timeZone, true);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a}–${b.slice(11)}` : `${a}–${b}`;
}

/** One inspection named in a message: source (unit) level·checklist, and its deadline or window. */
export function taskLine(t: TaskForReminder, timeZone: string, missed = false): string {
  const when = missed
    ? windowLabel(t.dueFrom, t.dueUntil, timeZone)
    : `截止 ${instantLabel(t.dueUntil, timeZone, true)}`;
  return `${t.sourceName}（${t.unitName}）${INSPECTION_LEVEL_LABEL[t.level]}·${t.templateName}，${when}`;
}

/** The lines joined, at most MAX_LISTED of them, the rest counted. */
export function listLines(lines: string[]): string {
  const shown = lines.slice(0, MAX_LISTED).join('；');
  return lines.length > MAX_LISTED ? `${shown}；等共 ${lines.length} 项` : shown;
}
