/**
 * Reading a filled-in import template back: every row is checked and every problem reported at once, in the Chinese
 * column names people see. Plain functions: the caller matches unit names, persists, and maps errors to HTTP.
 */
import type ExcelJS from 'exceljs';
import { excelJs } from '../../common/libraries/on-first-use';
import { Readable } from 'node:stream';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
  parseLabel,
} from '../finding.enums';
import { cellDate, cellText, CellRead, DateRead, readCell } from './cell-values';
import {
  CATEGORY_LABELS,
  DATE_FORMATS,
  DEFAULT_SOURCE,
  HEADER,
  HEADER_LOOKUP,
  IMPORT_COLUMNS,
  ImportKey,
  ImportRow,
  LEVEL_LABELS,
  MAX_DESCRIPTION,
  MAX_LOCATION,
  MAX_PERSON,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  MAX_UNIT,
  normalizeHeader,
  SheetProblem,
  SOURCE_LABELS,
} from './import-columns';
import { checkSignature, InvalidWorkbookError, notXlsx, TooManyRowsError } from './workbook-file';

/**
 * exceljs' streaming reader: rows arrive one at a time and are dropped once checked, so a sheet is never held as a
 * cell model (a 150,000-row sheet used to take ~0.5 GB). Shared strings and styles (for date cells) are cached;
 * hyperlinks are read as their shown text.
 */
const STREAM_OPTIONS = {
  worksheets: 'emit',
  sharedStrings: 'cache',
  styles: 'cache',
  hyperlinks: 'ignore',
  entries: 'ignore',
} as const;

/** What the streaming reader knows of the workbook besides its sheets (not in exceljs' types). */
interface ReaderState {
  model?: { sheets?: { name?: string }[] };
  properties?: { model?: { date1904?: boolean } };
}
type StreamSheet = AsyncIterable<ExcelJS.Row> & { name?: string };

/** Tags: split on Chinese and Latin commas, the enumeration comma and semicolons; empties dropped, repeats merged. */
export const splitTags = (s: string): string[] => [
  ...new Set(
    s
      .split(/[，,、;；]/)
      .map((t) => t.trim())
      .filter((t) => t !== ''),
  ),
];

/** Duplicate detection compares unit and description with surrounding and repeated whitespace ignored. */
const collapse = (s: string) => s.trim().replace(/\s+/g, ' ');

/** An enum value from its Chinese label or its code; codes in any case, full-width forms folded. */
function parseEnum<T extends string>(labels: Record<T, string>, text: string): T | undefined {
  const v = text.normalize('NFKC').trim();
  return parseLabel(labels, v) ?? parseLabel(labels, v.toUpperCase());
}

function dateProblem(
  header: string,
  what: string,
  text: string,
  read: Exclude<DateRead, { ok: true }>,
): string {
  const shown = text === '' ? '' : `“${text}”`;
  switch (read.reason) {
    case 'invalid':
      return `${header}${shown}不是有效的日期 / ${what} ${text} is not a valid calendar date`;
    case 'range':
      return `${header}${shown}的年份不在合理范围内 / ${what} ${text} has an implausible year`;
    default:
      return `${header}${shown}无法识别为日期，请填写 ${DATE_FORMATS} / ${what} ${text} is not a date; use 2023-02-13, 2023/2/13 or 2023年2月13日`;
  }
}

/** The header row: the column of each key found by its text, wherever it is, and the header's problems. */
function readHeader(headerRow: ExcelJS.Row | undefined) {
  const problems: SheetProblem[] = [];
  const columnOf = new Map<ImportKey, number>();
  headerRow?.eachCell((cell, col) => {
    const text = cellText(readCell(cell.value));
    const key = HEADER_LOOKUP.get(normalizeHeader(text));
    if (!key) return;
    if (columnOf.has(key)) {
      problems.push({
        row: 1,
        column: HEADER[key],
        message: `“${HEADER[key]}”列出现了不止一次（单元格 ${cell.address}） / column ${HEADER[key]} appears more than once (cell ${cell.address})`,
      });
      return;
    }
    columnOf.set(key, col);
  });
  const missingRequired = IMPORT_COLUMNS.filter((c) => c.required && !columnOf.has(c.key));
  for (const c of missingRequired) {
    problems.push({
      row: 1,
      column: c.header,
      message: `缺少必填列“${c.header}” / required column ${c.header} is missing`,
    });
  }
  return { columnOf, problems, complete: missingRequired.length === 0 };
}

/** One data row's cells by key, and the checks that turn them into values (each records its own problems). */
class RowCells {
  readonly problems: SheetProblem[] = [];

  constructor(
    readonly rowNumber: number,
    private readonly reads: Map<ImportKey, CellRead>,
    private readonly columnOf: Map<ImportKey, number>,
    private readonly date1904: boolean,
  ) {}

  static read(row: ExcelJS.Row, columnOf: Map<ImportKey, number>): Map<ImportKey, CellRead> {
    const reads = new Map<ImportKey, CellRead>();
    for (const c of IMPORT_COLUMNS) {
      const col = columnOf.get(c.key);
      reads.set(c.key, col === undefined ? { kind: 'empty' } : readCell(row.getCell(col).value));
    }
    return reads;
  }

  problem(key: ImportKey, message: string): void {
    this.problems.push({ row: this.rowNumber, column: HEADER[key], message });
  }

  /** The cell's plain text, or undefined after reporting an unreadable cell. */
  text(key: ImportKey): string | undefined {
    const read = this.reads.get(key)!;
    if (read.kind === 'bad') {
      this.problem(key, read.message);
      return undefined;
    }
    return cellText(read);
  }

  requiredText(key: ImportKey, what: string, max: number): string | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    if (text === '') {
      // A missing column was already reported once on row 1.
      if (this.columnOf.has(key)) this.problem(key, `${HEADER[key]}不能为空 / ${what} is required`);
      return undefined;
    }
    return this.optionalText(key, what, max, text);
  }

  optionalText(key: ImportKey, what: string, max: number, given?: string): string | undefined {
    const text = given ?? this.text(key);
    if (text === undefined) return undefined;
    if ([...text].length > max) {
      this.problem(
        key,
        `${HEADER[key]}不能超过 ${max} 字（现有 ${[...text].length} 字） / ${what} must be at most ${max} characters`,
      );
      return undefined;
    }
    return text;
  }

  enumValue<T extends string>(key: ImportKey, labels: Record<T, string>, what: string, list: string) {
    const text = this.text(key);
    if (text === undefined) return undefined;
    if (text === '') {
      if (this.columnOf.has(key))
        this.problem(key, `${HEADER[key]}不能为空，应为 ${list} / ${what} is required`);
      return undefined;
    }
    // '重大隐患' is how people write 重大.
    const value = parseEnum(labels, text) ?? parseEnum(labels, text.replace(/隐患$/, ''));
    if (value === undefined) {
      const english = list.replace(/、/g, ', ').replace(/ 或 /g, ' or ');
      this.problem(key, `${HEADER[key]}“${text}”无效，只能是 ${list} / ${what} must be ${english}`);
    }
    return value;
  }

  dateValue(key: ImportKey, what: string): string | undefined {
    const read = this.reads.get(key)!;
    if (read.kind === 'bad') {
      this.problem(key, read.message);
      return undefined;
    }
    if (read.kind === 'empty') {
      if (this.columnOf.has(key)) this.problem(key, `${HEADER[key]}不能为空 / ${what} is required`);
      return undefined;
    }
    const parsed = cellDate(read, this.date1904);
    if (!parsed.ok) {
      this.problem(key, dateProblem(HEADER[key], what, cellText(read), parsed));
      return undefined;
    }
    return parsed.date;
  }

  tags(): string[] | undefined {
    const text = this.text('tags');
    if (text === undefined) return undefined;
    const tags = splitTags(text);
    if (tags.length > MAX_TAGS) {
      this.problem(
        'tags',
        `标签最多 ${MAX_TAGS} 个（现有 ${tags.length} 个） / at most ${MAX_TAGS} tags (found ${tags.length})`,
      );
      return undefined;
    }
    const tooLong = tags.find((t) => [...t].length > MAX_TAG_LENGTH);
    if (tooLong) {
      this.problem(
        'tags',
        `标签“${tooLong}”超过 ${MAX_TAG_LENGTH} 字 / tag is longer than ${MAX_TAG_LENGTH} characters`,
      );
      return undefined;
    }
    return tags;
  }

  source() {
    const text = this.text('source');
    if (text === undefined) return undefined;
    return text === ''
      ? DEFAULT_SOURCE
      : this.enumValue('source', FINDING_SOURCE_LABEL, 'source', SOURCE_LABELS);
  }
}

type CheckedRow = { [K in keyof ImportRow]: ImportRow[K] | undefined };

/** Every cell of one row checked, in column order, then the checks across cells (dates, MAJOR needs a leader). */
function checkRow(cells: RowCells): CheckedRow {
  const row: CheckedRow = {
    rowNumber: cells.rowNumber,
    unit: cells.requiredText('unit', 'unit', MAX_UNIT),
    description: cells.requiredText('description', 'description', MAX_DESCRIPTION),
    location: cells.requiredText('location', 'location', MAX_LOCATION),
    level: cells.enumValue('level', HAZARD_LEVEL_LABEL, 'level', LEVEL_LABELS),
    category: cells.enumValue('category', FINDING_CATEGORY_LABEL, 'category', CATEGORY_LABELS),
    tags: cells.tags(),
    source: cells.source(),
    foundDate: cells.dateValue('foundDate', 'found date'),
    foundBy: cells.optionalText('foundBy', 'found by', MAX_PERSON),
    deadline: cells.dateValue('deadline', 'deadline'),
    responsiblePerson: undefined,
    responsibleLeader: undefined,
  };
  const { foundDate, deadline } = row;
  if (foundDate !== undefined && deadline !== undefined && deadline < foundDate) {
    cells.problem(
      'deadline',
      `整改时限 ${deadline} 早于发现日期 ${foundDate} / deadline ${deadline} is before the found date ${foundDate}`,
    );
  }
  row.responsiblePerson = cells.requiredText('responsiblePerson', 'responsible person', MAX_PERSON);
  row.responsibleLeader = cells.optionalText('responsibleLeader', 'responsible leader', MAX_PERSON);
  if (row.level === HazardLevel.MAJOR && row.responsibleLeader === '') {
    cells.problem(
      'responsibleLeader',
      `等级为“${HAZARD_LEVEL_LABEL.MAJOR}”的问题必须填写责任领导 / a MAJOR finding needs a responsible leader`,
    );
  }
  return row;
}

const isComplete = (row: CheckedRow): row is ImportRow => Object.values(row).every((v) => v !== undefined);

/** Duplicates inside the file: reported on the later row, against the first occurrence. */
function checkDuplicate(cells: RowCells, row: CheckedRow, firstRowOf: Map<string, number>): void {
  if (row.unit === undefined || row.description === undefined) return;
  const key = `${collapse(row.unit)}\u0000${collapse(row.description)}`;
  const first = firstRowOf.get(key);
  if (first === undefined) firstRowOf.set(key, cells.rowNumber);
  else {
    cells.problem(
      'description',
      `与第 ${first} 行重复（单位和问题描述相同） / duplicate of row ${first} (same unit and description)`,
    );
  }
}

type ParsedSheet = { rows: ImportRow[]; problems: SheetProblem[] };

/**
 * Reads the first worksheet of an uploaded template, streaming. Every row is checked and every problem reported;
 * `rows` holds only the rows without any problem. Throws InvalidWorkbookError when the file is not a readable .xlsx,
 * and TooManyRowsError as soon as the sheet holds more than `maxRows` non-empty data rows (the rest is not read).
 */
export async function parseImportWorkbook(
  data: Buffer,
  maxRows = Number.POSITIVE_INFINITY,
): Promise<ParsedSheet> {
  checkSignature(data);
  const reader = new (excelJs().stream.xlsx.WorkbookReader)(Readable.from([data]), STREAM_OPTIONS);
  const state = reader as unknown as ReaderState;
  // exceljs parses a sheet at once when the shared strings and the workbook's relations came before it, and then
  // reads the sheet names from workbook.xml's model, which is not there yet if workbook.xml comes later in the zip
  // (exceljs itself writes it last): "Cannot read properties of undefined (reading 'sheets')" for a valid file. An
  // empty model until workbook.xml replaces it: such a sheet is read without its name (the first one is used).
  state.model ??= { sheets: [] };
  let parsed: ParsedSheet | undefined;
  let refusal: unknown;
  try {
    // Every sheet the reader hands out is consumed or closed before the next one, and the loop always runs to the
    // end: the reader parks sheets that precede the shared strings in temporary files, removed as it moves on.
    for await (const sheet of reader as unknown as AsyncIterable<StreamSheet>) {
      const firstTab = state.model?.sheets?.[0]?.name;
      if (parsed || refusal || (firstTab !== undefined && sheet.name !== firstTab)) {
        for await (const _ of sheet) break;
        continue;
      }
      try {
        parsed = await readSheet(sheet, Boolean(state.properties?.model?.date1904), maxRows);
      } catch (err) {
        if (!(err instanceof TooManyRowsError)) throw err;
        refusal = err;
      }
    }
  } catch (err) {
    if (err instanceof InvalidWorkbookError) throw err;
    throw notXlsx(err instanceof Error ? err.message : String(err));
  }
  if (refusal) throw refusal;
  if (!parsed) throw new InvalidWorkbookError('文件中没有工作表 / the workbook has no worksheet');
  return parsed;
}

/** The rows of one sheet as they stream by: the first row is the header when it is row 1. */
async function readSheet(sheet: StreamSheet, date1904: boolean, maxRows: number): Promise<ParsedSheet> {
  let header: ReturnType<typeof readHeader> | undefined;
  const problems: SheetProblem[] = [];
  const rows: ImportRow[] = [];
  const firstRowOf = new Map<string, number>();
  let dataRows = 0;

  for await (const excelRow of sheet) {
    const rowNumber = excelRow.number;
    if (!header) {
      header = readHeader(rowNumber === 1 ? excelRow : undefined);
      problems.push(...header.problems);
      if (rowNumber === 1) continue;
    }
    const reads = RowCells.read(excelRow, header.columnOf);
    if ([...reads.values()].every((r) => r.kind === 'empty')) continue;
    dataRows += 1;
    if (dataRows > maxRows) throw new TooManyRowsError(maxRows);
    const cells = new RowCells(rowNumber, reads, header.columnOf, date1904);
    const row = checkRow(cells);
    checkDuplicate(cells, row, firstRowOf);
    problems.push(...cells.problems);
    if (cells.problems.length === 0 && header.complete && isComplete(row)) rows.push(row);
  }
  if (!header) {
    // A sheet without any row: only the missing header to report.
    header = readHeader(undefined);
    problems.push(...header.problems);
  }
  const { columnOf } = header;

  // Row by row, and left to right as the columns stand in the file.
  const keyOf = new Map(IMPORT_COLUMNS.map((c) => [c.header, c.key]));
  const position = (p: SheetProblem) => columnOf.get(keyOf.get(p.column)!) ?? Number.MAX_SAFE_INTEGER;
  problems.sort((a, b) => a.row - b.row || position(a) - position(b));
  return { rows, problems };
}
