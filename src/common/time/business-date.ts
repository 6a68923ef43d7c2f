/**
 * Calendar dates in the business time zone (Asia/Shanghai by default). Deadlines are calendar dates
 * ("YYYY-MM-DD"); a deadline passes at the end of that day in the business zone, whatever the server's zone.
 */
export type IsoDate = string;

/** The calendar date of an instant in a time zone, e.g. 2023-02-13T16:30Z → "2023-02-14" in Asia/Shanghai. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build; one per zone is kept (this runs on every request and every printed row). */
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f;
}

/**
 * The last answer per zone, by whole second: every zone offset is a whole number of seconds, so one second never
 * spans two dates. "Today" is asked on every request and formatToParts is the costly part (issue 22's profile of the
 * detail: 2 % of the service's CPU).
 */
const lastDates = new Map<string, { second: number; date: IsoDate }>();

export function dateInZone(instant: Date, timeZone: string): IsoDate {
  const second = Math.floor(instant.getTime() / 1000);
  const last = lastDates.get(timeZone);
  if (last?.second === second) return last.date;
  const parts = dateFormat(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  lastDates.set(timeZone, { second, date });
  return date;
}

/** A deadline is passed when today (in the business zone) is after the deadline's date. */
export const isPastDeadline = (deadline: IsoDate, now: Date, timeZone: string): boolean =>
  dateInZone(now, timeZone) > deadline;

export const isIsoDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
};

export function addDays(date: IsoDate, days: number): IsoDate {
  // From the date's numbers, not by parsing the text: the weekly matrix does this thousands of times per answer
  // (issue 22), and parsing a date string costs several times the arithmetic. setUTCFullYear keeps years below 100.
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days);
  return d.toISOString().slice(0, 10);
}

/** Whole calendar days from one date to another (negative when `to` is earlier): 2023-03-20 → 2023-03-21 is 1. */
export const daysBetween = (from: IsoDate, to: IsoDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
