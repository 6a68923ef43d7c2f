/**
 * Reading exceljs cell values as plain data. Spreadsheets typed by people hold the same thing in many shapes
 * (rich text, hyperlinks, formulas, numbers in text columns, dates as cells or as text): these helpers reduce
 * each cell to one of a few kinds that the import rules can judge.
 */
import { isIsoDate } from '../../common/time/business-date';

export type CellRead =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; date: Date }
  | { kind: 'bad'; message: string };

const EMPTY: CellRead = { kind: 'empty' };

// Dates from exceljs may come from another realm under jest's vm modules: do not rely on instanceof.
const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

/** Zero-width characters pasted from web pages or chat tools, invisible but enough to break matching. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** A string as a person meant it: no invisible characters, Windows line breaks unified, trimmed. */
export const cleanText = (s: string): string => s.replace(INVISIBLE, '').replace(/\r\n?/g, '\n').trim();

function fromText(raw: string): CellRead {
  const text = cleanText(raw);
  return text === '' ? EMPTY : { kind: 'text', text };
}

/** One cell's value reduced to a kind; rich text, hyperlinks and formula results become their plain value. */
export function readCell(value: unknown): CellRead {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return fromText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : EMPTY;
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (isDate(value)) {
    return Number.isNaN(value.getTime())
      ? { kind: 'bad', message: '日期无效 / invalid date value' }
      : { kind: 'date', date: value };
  }
  if (typeof value !== 'object') return EMPTY;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.richText)) {
    return fromText((v.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join(''));
  }
  if ('hyperlink' in v) {
    // The shown text may itself be rich text; fall back to the address when there is no text.
    const shown = readCell(v.text);
    return shown.kind === 'empty' ? readCell(v.hyperlink) : shown;
  }
  if ('formula' in v || 'sharedFormula' in v) {
    if (v.result === undefined) {
      return {
        kind: 'bad',
        message:
          '公式没有计算结果，请在 Excel 中打开并保存后再导入 / formula has no computed result; open and save the file in Excel first',
      };
    }
    return readCell(v.result);
  }
  if (typeof v.error === 'string') {
    return { kind: 'bad', message: `单元格是错误值 ${v.error} / cell holds the error value ${v.error}` };
  }
  return EMPTY;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const utcIso = (d: Date): string =>
  `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;

/** Plain text of a cell for a text column: numbers as typed, dates as YYYY-MM-DD. */
export function cellText(read: CellRead): string {
  switch (read.kind) {
    case 'text':
      return read.text;
    case 'number':
      return String(read.value);
    case 'date':
      return utcIso(read.date);
    default:
      return '';
  }
}

/** Years a finding can plausibly carry; anything else is a typo (or a small number shown as a date). */
const MIN_YEAR = 1990;
const MAX_YEAR = 2099;
/** Largest Excel serial date (9999-12-31). */
const MAX_EXCEL_SERIAL = 2958465;

export type DateRead = { ok: true; date: string } | { ok: false; reason: 'format' | 'invalid' | 'range' };

function fromParts(y: number, m: number, d: number): DateRead {
  const iso = `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
  if (!isIsoDate(iso)) return { ok: false, reason: 'invalid' };
  if (y < MIN_YEAR || y > MAX_YEAR) return { ok: false, reason: 'range' };
  return { ok: true, date: iso };
}

const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?`;
const DATE_PATTERNS = [
  new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`), // 2023-02-13, 2023/2/13, 2023.2.13
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/, // 2023年2月13日
  /^(\d{4})(\d{2})(\d{2})$/, // 20230213
];

/** A date typed as text: 'YYYY-MM-DD', 'YYYY/M/D', 'YYYY.M.D', 'YYYY年M月D日', 'YYYYMMDD' (full-width digits too). */
export function parseDateText(raw: string): DateRead {
  const s = raw.normalize('NFKC').trim();
  for (const pattern of DATE_PATTERNS) {
    const m = pattern.exec(s);
    if (!m) continue;
    const nums = m.slice(1).filter((g) => /^\d+$/.test(g));
    return fromParts(Number(nums[0]), Number(nums[1]), Number(nums[2]));
  }
  return { ok: false, reason: 'format' };
}

/** A calendar date from any cell: a date cell (UTC parts, as exceljs reads them), text, or an Excel serial number. */
export function cellDate(read: CellRead, date1904: boolean): DateRead {
  switch (read.kind) {
    case 'date':
      return fromParts(read.date.getUTCFullYear(), read.date.getUTCMonth() + 1, read.date.getUTCDate());
    case 'text':
      return parseDateText(read.text);
    case 'number': {
      const n = read.value;
      if (Number.isInteger(n) && n >= 10000101 && n <= 99991231) return parseDateText(String(n)); // 20230213
      if (n < 1 || n > MAX_EXCEL_SERIAL) return { ok: false, reason: 'format' };
      // A serial number whose date format was lost (e.g. a formula =H2+30 in a General cell).
      const ms = Math.round((n - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
      const d = new Date(ms);
      return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
    default:
      return { ok: false, reason: 'format' };
  }
}

/** A calendar date as an Excel date cell value (exceljs writes Dates by their UTC parts). */
export const isoToCellDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
