import { compareWeeks, isoWeekOf, IsoWeek, mondayOf, thursdayOf, weeksBetween } from './iso-week';

/** One cell of the compliance matrix: how a unit stands with one week's 举一反三 report. */
export type ComplianceCell = 'ON_TIME' | 'NONE_FOUND' | 'LATE' | 'MISSING' | 'PENDING' | 'NOT_REQUIRED';

/**
 * A required week's cell: a submitted report is LATE, NONE_FOUND or ON_TIME; without one the unit is MISSING once
 * the deadline has passed, PENDING before.
 */
export function reportCell(
  report: { submitted: boolean; late: boolean; noneFound: boolean } | null,
  deadlinePassed: boolean,
): Exclude<ComplianceCell, 'NOT_REQUIRED'> {
  if (report?.submitted) return report.late ? 'LATE' : report.noneFound ? 'NONE_FOUND' : 'ON_TIME';
  return deadlinePassed ? 'MISSING' : 'PENDING';
}

/**
 * Whether an obligation asks for a week: active, its Thursday on or after the start, and the week begun by the
 * last day (the obligation's end date, or its round's close).
 */
export function obligationRequiresWeek(
  o: { active: boolean; startDate: string },
  week: IsoWeek,
  lastDay: string | null,
): boolean {
  return o.active && thursdayOf(week) >= o.startDate && (lastDay === null || mondayOf(week) <= lastDay);
}

/**
 * The weeks an obligation asks for up to `until` (the current week: a report is never written ahead), oldest first:
 * the weeks a unit may open its report of, on time, late or for the record. None before its start or after its last
 * day; none for an inactive obligation.
 */
export function askedWeeks(
  o: { active: boolean; startDate: string },
  lastDay: string | null,
  until: IsoWeek,
): IsoWeek[] {
  const last = lastDay !== null && compareWeeks(isoWeekOf(lastDay), until) < 0 ? isoWeekOf(lastDay) : until;
  return weeksBetween(isoWeekOf(o.startDate), last).filter((w) => obligationRequiresWeek(o, w, lastDay));
}
