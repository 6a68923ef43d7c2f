import { BoundedMemo } from '../../common/bounded-memo';
import { addDays, IsoDate } from '../../common/time/business-date';

/** ISO-8601 weeks (Monday first; week 1 holds the year's first Thursday) and the Thursday reporting deadline. */
export interface IsoWeek {
  year: number;
  week: number;
}

export const formatWeek = (w: IsoWeek) => `${w.year}-W${String(w.week).padStart(2, '0')}`;

/** A week as people write it: 2023年第9周（2月27日—3月5日）, Monday to Sunday. */
export function weekLabel(w: IsoWeek): string {
  const monday = mondayOf(w);
  const sunday = addDays(monday, 6);
  const md = (d: IsoDate) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return `${w.year}年第${w.week}周（${md(monday)}—${md(sunday)}）`;
}

export function parseWeek(text: string): IsoWeek | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!m) return null;
  const w = { year: Number(m[1]), week: Number(m[2]) };
  return w.week >= 1 && w.week <= weeksInYear(w.year) ? w : null;
}

const utc = (date: IsoDate) => new Date(`${date}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The ISO week a calendar date belongs to. */
export function isoWeekOf(date: IsoDate): IsoWeek {
  const d = utc(date);
  const dayOfWeek = d.getUTCDay() || 7; // Monday 1 … Sunday 7
  const thursday = new Date(d);
  thursday.setUTCDate(d.getUTCDate() + 4 - dayOfWeek);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return { year, week };
}

export const weeksInYear = (year: number) => isoWeekOf(`${year}-12-28`).week;

/** Mondays by year*100+week: asked for the same few weeks over and over (the compliance matrix, issue 22). */
const mondays = new BoundedMemo<number, IsoDate>(10_000);

export function mondayOf(w: IsoWeek): IsoDate {
  return mondays.get(w.year * 100 + w.week, () => {
    const jan4 = utc(`${w.year}-01-04`);
    return addDays(iso(jan4), 1 - (jan4.getUTCDay() || 7) + (w.week - 1) * 7);
  });
}

export const thursdayOf = (w: IsoWeek): IsoDate => addDays(mondayOf(w), 3);

export const nextWeek = (w: IsoWeek): IsoWeek => isoWeekOf(addDays(mondayOf(w), 7));

export const compareWeeks = (a: IsoWeek, b: IsoWeek) => a.year - b.year || a.week - b.week;

/** Weeks from `from` to `to`, both included. */
export function weeksBetween(from: IsoWeek, to: IsoWeek): IsoWeek[] {
  const out: IsoWeek[] = [];
  for (let w = from; compareWeeks(w, to) <= 0; w = nextWeek(w)) out.push(w);
  return out;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let f = zoneFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    zoneFormats.set(timeZone, f);
  }
  return f;
}

/**
 * Instants (epoch ms) by date, time and zone: Intl's formatToParts is the costly step, and the matrix asks for the same
 * few Thursdays per obligation and week (issue 22). A zone's rules do not change while the process runs.
 */
const instants = new BoundedMemo<string, number>(10_000);

/** The instant a wall-clock time on a date happens in a time zone (e.g. 2023-02-16 24:00 in Asia/Shanghai). */
export function zonedInstant(date: IsoDate, time: string, timeZone: string): Date {
  // A new Date each time: callers may change theirs.
  return new Date(instants.get(`${date} ${time} ${timeZone}`, () => zonedInstantMs(date, time, timeZone)));
}

function zonedInstantMs(date: IsoDate, time: string, timeZone: string): number {
  const [h, m] = time.split(':').map(Number);
  const guess = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), h, m),
  );
  // Offset of the zone at that moment: format the guess in the zone and compare.
  const parts = zoneFormat(timeZone).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asZone = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return guess.getTime() - (asZone - guess.getTime());
}

/** When a week's report is due: Thursday of that week at `dueTime` (HH:MM, "24:00" = the end of Thursday). */
export const dueInstant = (w: IsoWeek, dueTime: string, timeZone: string): Date =>
  zonedInstant(thursdayOf(w), dueTime, timeZone);
