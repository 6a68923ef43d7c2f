import { daysBetween } from '../../common/time/business-date';
/**
 * The reporting periods of the statutory 隐患排查治理 statistics (安监总局令第16号): a quarter (`2023-Q1`) or a
 * year (`2023`). Figures are cumulative from 1 January of the year to the period's end. A quarter is due by the 15th
 * of the month after it, a year by 31 January of the next year.
 */
export interface StatutoryPeriod {
  key: string;
  kind: 'QUARTER' | 'YEAR';
  year: number;
  quarter: number | null;
  /** 1 January of the year: the figures are cumulative from it. */
  yearStart: string;
  periodEnd: string;
  dueDate: string;
  /** 2023年第一季度 / 2023年度 */
  label: string;
}

const QUARTER_NAMES = ['第一季度', '第二季度', '第三季度', '第四季度'];
const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'];
const QUARTER_DUE = ['04-15', '07-15', '10-15', '01-15'];

/** The period a key names, or null when the key is not `YYYY` or `YYYY-Qn` (years 2000–2099). */
export function parsePeriod(key: string): StatutoryPeriod | null {
  const m = /^(20\d\d)(?:-Q([1-4]))?$/.exec(key.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (!m[2])
    return {
      key: String(year),
      kind: 'YEAR',
      year,
      quarter: null,
      yearStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      dueDate: `${year + 1}-01-31`,
      label: `${year}年度`,
    };
  const q = Number(m[2]);
  return {
    key: `${year}-Q${q}`,
    kind: 'QUARTER',
    year,
    quarter: q,
    yearStart: `${year}-01-01`,
    periodEnd: `${year}-${QUARTER_END[q - 1]}`,
    dueDate: `${q === 4 ? year + 1 : year}-${QUARTER_DUE[q - 1]}`,
    label: `${year}年${QUARTER_NAMES[q - 1]}`,
  };
}

/**
 * The period the trend is compared with: the quarter before (for the first quarter, the whole previous year, since
 * the figures are cumulative), or the previous year.
 */
export function previousPeriod(p: StatutoryPeriod): StatutoryPeriod {
  if (p.kind === 'YEAR' || p.quarter === 1) return parsePeriod(String(p.year - 1))!;
  return parsePeriod(`${p.year}-Q${p.quarter! - 1}`)!;
}

/** The period whose report is the latest one due on `today`: the previous quarter. */
export function lastDuePeriod(today: string): StatutoryPeriod {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const q = Math.floor((month - 1) / 3); // the quarter before the current one, 0 = last year's fourth
  return q === 0 ? parsePeriod(`${year - 1}-Q4`)! : parsePeriod(`${year}-Q${q}`)!;
}

/**
 * How many days after its due date a report was filed: from the due date to the business date its first version was
 * locked (0 on time, null while not filed). Only the first filing counts: a correction (第 2 版 …) re-files a report
 * that was already in, so it does not make the report late.
 */
export function daysFiledLate(p: StatutoryPeriod, firstLockedOn: string | null): number | null {
  if (firstLockedOn === null) return null;
  return Math.max(0, daysBetween(p.dueDate, firstLockedOn));
}

/** "（逾期 3 天报送）" for a late filing, "" otherwise — the page, the PDF and the workbook say it the same way. */
export function lateFilingNote(daysLate: number | null): string {
  return daysLate ? `（逾期 ${daysLate} 天报送）` : '';
}
