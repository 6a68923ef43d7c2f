import { obligationRequiresWeek } from './compliance-cell';
import { dueInstant, isoWeekOf, IsoWeek, mondayOf, nextWeek, weeksBetween } from './iso-week';

/**
 * Which weeks of an obligation count (issue 16, 10): an obligation never assesses a week whose Thursday deadline had
 * already passed when it was set. A start date in the past is for the record only: units may still hand those
 * weeks' reports in, but they make no MISSING rows and no assessments.
 */

/** The Monday of the first week an obligation set at `setAt` counts: this week if its deadline is ahead, else next. */
export function countedFromFor(setAt: Date, today: string, dueTime: string, timeZone: string): string {
  const week = isoWeekOf(today);
  return mondayOf(dueInstant(week, dueTime, timeZone) > setAt ? week : nextWeek(week));
}

/** Whether a week counts (may be MISSING and assessed) under an obligation. */
export const weekCounts = (o: { countedFrom: string }, week: IsoWeek): boolean =>
  mondayOf(week) >= o.countedFrom;

/** The weeks an obligation asks for that do not count (its start lies before it was set). */
export function uncountedWeeks(
  o: { active: boolean; startDate: string; countedFrom: string },
  lastDay: string | null,
): IsoWeek[] {
  if (o.startDate >= o.countedFrom) return [];
  return weeksBetween(isoWeekOf(o.startDate), isoWeekOf(o.countedFrom)).filter(
    (w) => !weekCounts(o, w) && obligationRequiresWeek(o, w, lastDay),
  );
}
