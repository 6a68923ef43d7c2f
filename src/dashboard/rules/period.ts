import { addDays, type IsoDate } from '../../common/time/business-date';

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A dashboard period: calendar dates in the business time zone, both inclusive. */
export interface Period {
  kind: PeriodKind;
  from: IsoDate;
  to: IsoDate;
  label: string;
}

/** The longest custom period (days): ten years. */
export const MAX_PERIOD_DAYS = 3660;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number): IsoDate =>
  `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;

/**
 * The period a dashboard covers: the calendar month, quarter or year containing `at` (today unless the user picks
 * another day), or a custom range from–to. Returns a problem (field and message) instead of a period when a custom
 * range is incomplete, reversed or longer than ten years.
 */
export function resolvePeriod(
  kind: PeriodKind,
  at: IsoDate,
  from?: IsoDate,
  to?: IsoDate,
): Period | { field: string; message: string } {
  const year = Number(at.slice(0, 4));
  const month = Number(at.slice(5, 7));
  if (kind === 'month')
    return {
      kind,
      from: `${year}-${pad(month)}-01`,
      to: lastDayOfMonth(year, month),
      label: `${year}年${month}月`,
    };
  if (kind === 'quarter') {
    const q = Math.ceil(month / 3);
    return {
      kind,
      from: `${year}-${pad(q * 3 - 2)}-01`,
      to: lastDayOfMonth(year, q * 3),
      label: `${year}年第${q}季度`,
    };
  }
  if (kind === 'year') return { kind, from: `${year}-01-01`, to: `${year}-12-31`, label: `${year}年` };
  if (!from || !to)
    return { field: from ? 'to' : 'from', message: '自定义期间须填写起止日期 / from and to are required' };
  if (from > to) return { field: 'to', message: '结束日期早于开始日期 / to is before from' };
  if (addDays(from, MAX_PERIOD_DAYS) < to)
    return { field: 'to', message: '期间最长十年 / A period is at most ten years' };
  return { kind, from, to, label: `${from} 至 ${to}` };
}

/** One month of the monthly chart: its label and its dates (the last month ends with the period). */
export interface MonthSlot {
  month: string;
  from: IsoDate;
  to: IsoDate;
}

/** The 12 calendar months ending with the month of `to` (the last one cut at `to`). */
export function twelveMonthsEnding(to: IsoDate): MonthSlot[] {
  let year = Number(to.slice(0, 4));
  let month = Number(to.slice(5, 7));
  const slots: MonthSlot[] = [];
  for (let i = 0; i < 12; i++) {
    const last = lastDayOfMonth(year, month);
    slots.unshift({
      month: `${year}-${pad(month)}`,
      from: `${year}-${pad(month)}-01`,
      to: last < to ? last : to,
    });
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return slots;
}
