/**
 * Findings as spreadsheets: the import template, reading a filled-in template back (validating every row and
 * reporting every problem at once, in the Chinese column names people see), and the findings ledger export
 * (问题台账). Framework-free: the caller matches unit names, persists, and maps errors to HTTP.
 */
import ExcelJS from 'exceljs';
import { Writable } from 'node:stream';
import { isIsoDate } from '../../common/time/business-date';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FindingCategory,
  FindingSource,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
  parseLabel,
} from '../finding.enums';
import { cellDate, cellText, CellRead, cleanText, DateRead, isoToCellDate, readCell } from './cell-values';

export interface ImportRow {
  /** The Excel row number (header is row 1, first data row is 2). */
  rowNumber: number;
  /** Unit name, former name or code as typed (matched to units later by the caller). */
  unit: string;
  description: string;
  location: string;
  level: HazardLevel;
  category: FindingCategory;
  tags: string[];
  source: FindingSource;
  foundDate: string;
  foundBy: string;
  deadline: string;
  responsiblePerson: string;
  /** Required when level is MAJOR, else may be ''. */
  responsibleLeader: string;
}

/** One problem in an uploaded sheet: column is the Chinese header text, message is Chinese / English. */
export interface SheetProblem {
  row: number;
  column: string;
  message: string;
}

type ImportKey = keyof Omit<ImportRow, 'rowNumber'>;

export class InvalidWorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWorkbookError';
  }
}

const MAX_DESCRIPTION = 2000;
const MAX_LOCATION = 200;
const MAX_UNIT = 100;
const MAX_PERSON = 50;
const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 30;

const labelList = (labels: Record<string, string>, last: string) => {
  const values = Object.values(labels);
  return `${values.slice(0, -1).join('、')} ${last} ${values[values.length - 1]}`;
};
const LEVEL_LABELS = labelList(HAZARD_LEVEL_LABEL, '或');
const CATEGORY_LABELS = labelList(FINDING_CATEGORY_LABEL, '或');
const SOURCE_LABELS = labelList(FINDING_SOURCE_LABEL, '或');
const DATE_FORMATS = '2023-02-13、2023/2/13 或 2023年2月13日';
const DEFAULT_SOURCE = FindingSource.AUDIT_TEAM;

export const IMPORT_COLUMNS: readonly {
  key: ImportKey;
  header: string;
  required: boolean;
  width: number;
  note: string;
}[] = [
  {
    key: 'unit',
    header: '单位',
    required: true,
    width: 16,
    note: '必填。问题所属单位的名称、曾用名或单位编码，须与系统中的单位一致，如“电解厂”。',
  },
  {
    key: 'description',
    header: '问题描述',
    required: true,
    width: 50,
    note: `必填，不超过 ${MAX_DESCRIPTION} 字。写清存在的问题，如“2号皮带廊地面及托辊积尘严重，未按规定定期清扫”。同一文件中单位和问题描述都相同的行视为重复。`,
  },
  {
    key: 'location',
    header: '地点/部位',
    required: true,
    width: 20,
    note: `必填，不超过 ${MAX_LOCATION} 字。问题所在的具体地点或部位，如“2号皮带廊”。`,
  },
  {
    key: 'level',
    header: '等级',
    required: true,
    width: 8,
    note: `必填。隐患等级：${LEVEL_LABELS}（也可填 ${Object.keys(HAZARD_LEVEL_LABEL).join('/')}）。`,
  },
  {
    key: 'category',
    header: '类别',
    required: true,
    width: 16,
    note: `必填。问题类别：${CATEGORY_LABELS}。`,
  },
  {
    key: 'tags',
    header: '标签',
    required: false,
    width: 18,
    note: `选填。多个标签用逗号、顿号或分号分隔，最多 ${MAX_TAGS} 个，如“扬尘、皮带廊”。`,
  },
  {
    key: 'source',
    header: '来源',
    required: false,
    width: 12,
    note: `选填。问题来源：${SOURCE_LABELS}；不填时为“${FINDING_SOURCE_LABEL[DEFAULT_SOURCE]}”。`,
  },
  {
    key: 'foundDate',
    header: '发现日期',
    required: true,
    width: 12,
    note: `必填。可填 Excel 日期，或按 ${DATE_FORMATS} 的格式填写。`,
  },
  {
    key: 'foundBy',
    header: '发现人',
    required: false,
    width: 10,
    note: `选填。发现问题的人员姓名，不超过 ${MAX_PERSON} 字。`,
  },
  {
    key: 'deadline',
    header: '整改时限',
    required: true,
    width: 12,
    note: '必填。整改完成的期限，格式同发现日期，不得早于发现日期。',
  },
  {
    key: 'responsiblePerson',
    header: '责任人',
    required: true,
    width: 10,
    note: `必填。整改责任人姓名，不超过 ${MAX_PERSON} 字。`,
  },
  {
    key: 'responsibleLeader',
    header: '责任领导',
    required: false,
    width: 10,
    note: `等级为“${HAZARD_LEVEL_LABEL.MAJOR}”时必填（重大隐患须明确责任领导），其他等级可不填。`,
  },
];

const HEADER: Record<ImportKey, string> = Object.fromEntries(
  IMPORT_COLUMNS.map((c) => [c.key, c.header]),
) as Record<ImportKey, string>;

/** Other names the same columns go by in the sheets safety departments already keep. */
const HEADER_ALIASES: Partial<Record<ImportKey, string[]>> = {
  unit: ['单位名称', '责任单位', '整改单位'],
  description: ['问题', '问题内容', '隐患描述', '问题隐患描述'],
  location: ['地点', '部位', '位置'],
  level: ['隐患等级', '问题等级'],
  category: ['问题类别', '隐患类别'],
  source: ['问题来源'],
  foundDate: ['检查日期'],
  foundBy: ['检查人'],
  deadline: ['整改期限', '完成时限', '整改完成时限'],
  responsiblePerson: ['整改责任人'],
};

/** Header text compared loosely: full-width forms folded, spaces and '*' removed, a trailing '(…)' hint dropped. */
const normalizeHeader = (h: string): string =>
  cleanText(h)
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\*/g, '')
    .replace(/\([^()]*\)$/, '');

const HEADER_LOOKUP = new Map<string, ImportKey>();
for (const c of IMPORT_COLUMNS) {
  for (const name of [c.header, ...(HEADER_ALIASES[c.key] ?? [])])
    HEADER_LOOKUP.set(normalizeHeader(name), c.key);
}

// ---------------------------------------------------------------------------------------------------------------
// Template

const TEMPLATE_SHEET = '问题清单';
const GUIDE_SHEET = '填写说明';
/** Rows (after the header) that get drop-down lists and date formats in the template. */
const TEMPLATE_ROWS = 2000;

const TEMPLATE_EXAMPLE: Record<ImportKey, string | Date> = {
  unit: '电解厂',
  description: '2号皮带廊地面及托辊积尘严重，未按规定定期清扫',
  location: '2号皮带廊',
  level: HAZARD_LEVEL_LABEL.GENERAL,
  category: FINDING_CATEGORY_LABEL.UNSAFE_CONDITION,
  tags: '扬尘、皮带廊',
  source: FINDING_SOURCE_LABEL.AUDIT_TEAM,
  foundDate: isoToCellDate('2023-01-06'),
  foundBy: '王磊',
  deadline: isoToCellDate('2023-02-28'),
  responsiblePerson: '李强',
  responsibleLeader: '张建华',
};

const DATE_KEYS: ImportKey[] = ['foundDate', 'deadline'];
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FFBFBFBF' } };
const ALL_BORDERS: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

const listValidation = (
  labels: Record<string, string>,
  allowBlank: boolean,
  title: string,
): ExcelJS.DataValidation => ({
  type: 'list',
  allowBlank,
  formulae: [`"${Object.values(labels).join(',')}"`],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: title,
  error: `请从下拉列表中选择：${Object.values(labels).join('、')}`,
});

const toBuffer = (written: unknown): Buffer =>
  Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);

/** The import template: sheet '问题清单' (headers, drop-downs, one example row) and sheet '填写说明'. */
export async function buildImportTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rectify';

  const ws = wb.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = IMPORT_COLUMNS.map((c) => ({
    key: c.key,
    width: c.width,
    // Text columns stay text so Excel does not turn codes like 0012 or '2-3' into numbers or dates.
    style: { numFmt: DATE_KEYS.includes(c.key) ? 'yyyy-mm-dd' : '@' },
  }));

  const header = ws.getRow(1);
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.required ? `${c.header}*` : c.header;
    cell.font = { bold: true, color: c.required ? { argb: 'FFC00000' } : undefined };
    cell.fill = HEADER_FILL;
    cell.border = ALL_BORDERS;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.note = c.note;
  });
  header.height = 22;

  const example = ws.getRow(2);
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = example.getCell(i + 1);
    cell.value = TEMPLATE_EXAMPLE[c.key];
    cell.alignment = { vertical: 'top', wrapText: c.key === 'description' || c.key === 'location' };
  });

  const validations = ws as unknown as {
    dataValidations: { add(range: string, dv: ExcelJS.DataValidation): void };
  };
  const columnLetter = (key: ImportKey) => ws.getColumn(key).letter;
  const range = (key: ImportKey) => `${columnLetter(key)}2:${columnLetter(key)}${TEMPLATE_ROWS + 1}`;
  validations.dataValidations.add(range('level'), listValidation(HAZARD_LEVEL_LABEL, false, '等级'));
  validations.dataValidations.add(range('category'), listValidation(FINDING_CATEGORY_LABEL, false, '类别'));
  validations.dataValidations.add(range('source'), listValidation(FINDING_SOURCE_LABEL, true, '来源'));

  const guide = wb.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 14 }, { width: 10 }, { width: 90 }];
  guide.mergeCells('A1:C1');
  guide.getCell('A1').value = '督察问题导入模板 · 填写说明';
  guide.getCell('A1').font = { bold: true, size: 14 };
  const general = [
    `1. 在“${TEMPLATE_SHEET}”工作表中每行填写一条问题；第 1 行是表头，请勿修改或删除，列的顺序可以调整。`,
    '2. 表头带“*”的列为必填列；“责任领导”在等级为“重大”时必填。',
    '3. 第 2 行是示例，导入时会作为一条真实数据处理：请改写或删除后再上传。空行会被跳过。',
    '4. 系统会逐行检查，一次列出所有有问题的单元格（行号、列名和原因），请按提示修改后重新上传。',
  ];
  general.forEach((text, i) => {
    const r = i + 2;
    guide.mergeCells(`A${r}:C${r}`);
    guide.getCell(`A${r}`).value = text;
    guide.getCell(`A${r}`).alignment = { wrapText: true, vertical: 'top' };
  });
  const tableStart = general.length + 3;
  const head = guide.getRow(tableStart);
  head.values = ['列名', '是否必填', '填写说明'];
  head.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = ALL_BORDERS;
  });
  IMPORT_COLUMNS.forEach((c, i) => {
    const row = guide.getRow(tableStart + 1 + i);
    row.values = [
      c.header,
      c.required ? '必填' : c.key === 'responsibleLeader' ? '重大必填' : '选填',
      c.note,
    ];
    row.eachCell((cell) => {
      cell.border = ALL_BORDERS;
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
  });

  return toBuffer(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------------------
// Import

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function loadWorkbook(data: Buffer): Promise<ExcelJS.Workbook> {
  if (!data || data.length === 0) throw new InvalidWorkbookError('文件为空 / the file is empty');
  if (data.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) {
    throw new InvalidWorkbookError(
      '文件是旧版 .xls 格式或已设置密码，请在 Excel 中另存为不加密的 .xlsx 后再导入 / the file is a legacy .xls or password-protected workbook; save it as an unencrypted .xlsx',
    );
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new InvalidWorkbookError(`文件不是有效的 Excel (.xlsx) 文件 / not a valid .xlsx file (${detail})`);
  }
  return wb;
}

/** Tags: split on Chinese and Latin commas, the enumeration comma and semicolons; empties dropped, repeats merged. */
const splitTags = (s: string): string[] => [
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

/**
 * Reads the first worksheet of an uploaded template. Every row is checked and every problem reported; `rows`
 * holds only the rows without any problem. Throws InvalidWorkbookError when the file is not a readable .xlsx.
 */
export async function parseImportWorkbook(
  data: Buffer,
): Promise<{ rows: ImportRow[]; problems: SheetProblem[] }> {
  const wb = await loadWorkbook(data);
  const ws = wb.worksheets[0];
  if (!ws) throw new InvalidWorkbookError('文件中没有工作表 / the workbook has no worksheet');
  const date1904 = Boolean(wb.properties?.date1904);

  const problems: SheetProblem[] = [];

  // Header row: find each column by its text, wherever it is.
  const columnOf = new Map<ImportKey, number>();
  ws.getRow(1).eachCell((cell, col) => {
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

  const rows: ImportRow[] = [];
  const firstRowOf = new Map<string, number>();

  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const reads = new Map<ImportKey, CellRead>();
    for (const c of IMPORT_COLUMNS) {
      const col = columnOf.get(c.key);
      reads.set(c.key, col === undefined ? { kind: 'empty' } : readCell(row.getCell(col).value));
    }
    if ([...reads.values()].every((r) => r.kind === 'empty')) return;

    const rowProblems: SheetProblem[] = [];
    const problem = (key: ImportKey, message: string) =>
      rowProblems.push({ row: rowNumber, column: HEADER[key], message });

    /** The cell's plain text, or undefined after reporting an unreadable cell. */
    const textOf = (key: ImportKey): string | undefined => {
      const read = reads.get(key)!;
      if (read.kind === 'bad') {
        problem(key, read.message);
        return undefined;
      }
      return cellText(read);
    };
    const requiredText = (key: ImportKey, what: string, max: number): string | undefined => {
      const text = textOf(key);
      if (text === undefined) return undefined;
      if (text === '') {
        // A missing column was already reported once on row 1.
        if (columnOf.has(key)) problem(key, `${HEADER[key]}不能为空 / ${what} is required`);
        return undefined;
      }
      return optionalText(key, what, max, text);
    };
    const optionalText = (key: ImportKey, what: string, max: number, given?: string): string | undefined => {
      const text = given ?? textOf(key);
      if (text === undefined) return undefined;
      if ([...text].length > max) {
        problem(
          key,
          `${HEADER[key]}不能超过 ${max} 字（现有 ${[...text].length} 字） / ${what} must be at most ${max} characters`,
        );
        return undefined;
      }
      return text;
    };
    const enumValue = <T extends string>(
      key: ImportKey,
      labels: Record<T, string>,
      what: string,
      list: string,
    ) => {
      const text = textOf(key);
      if (text === undefined) return undefined;
      if (text === '') {
        if (columnOf.has(key)) problem(key, `${HEADER[key]}不能为空，应为 ${list} / ${what} is required`);
        return undefined;
      }
      // '重大隐患' is how people write 重大.
      const value = parseEnum(labels, text) ?? parseEnum(labels, text.replace(/隐患$/, ''));
      if (value === undefined) {
        const english = list.replace(/、/g, ', ').replace(/ 或 /g, ' or ');
        problem(key, `${HEADER[key]}“${text}”无效，只能是 ${list} / ${what} must be ${english}`);
      }
      return value;
    };
    const dateValue = (key: ImportKey, what: string): string | undefined => {
      const read = reads.get(key)!;
      if (read.kind === 'bad') {
        problem(key, read.message);
        return undefined;
      }
      if (read.kind === 'empty') {
        if (columnOf.has(key)) problem(key, `${HEADER[key]}不能为空 / ${what} is required`);
        return undefined;
      }
      const parsed = cellDate(read, date1904);
      if (!parsed.ok) {
        problem(key, dateProblem(HEADER[key], what, cellText(read), parsed));
        return undefined;
      }
      return parsed.date;
    };

    const unit = requiredText('unit', 'unit', MAX_UNIT);
    const description = requiredText('description', 'description', MAX_DESCRIPTION);
    const location = requiredText('location', 'location', MAX_LOCATION);
    const level = enumValue('level', HAZARD_LEVEL_LABEL, 'level', LEVEL_LABELS);
    const category = enumValue('category', FINDING_CATEGORY_LABEL, 'category', CATEGORY_LABELS);

    const tagsValue = (): string[] | undefined => {
      const text = textOf('tags');
      if (text === undefined) return undefined;
      const tags = splitTags(text);
      if (tags.length > MAX_TAGS) {
        problem(
          'tags',
          `标签最多 ${MAX_TAGS} 个（现有 ${tags.length} 个） / at most ${MAX_TAGS} tags (found ${tags.length})`,
        );
        return undefined;
      }
      const tooLong = tags.find((t) => [...t].length > MAX_TAG_LENGTH);
      if (tooLong) {
        problem(
          'tags',
          `标签“${tooLong}”超过 ${MAX_TAG_LENGTH} 字 / tag is longer than ${MAX_TAG_LENGTH} characters`,
        );
        return undefined;
      }
      return tags;
    };
    const tags = tagsValue();

    const sourceText = textOf('source');
    const source =
      sourceText === undefined
        ? undefined
        : sourceText === ''
          ? DEFAULT_SOURCE
          : enumValue('source', FINDING_SOURCE_LABEL, 'source', SOURCE_LABELS);

    const foundDate = dateValue('foundDate', 'found date');
    const foundBy = optionalText('foundBy', 'found by', MAX_PERSON);
    const deadline = dateValue('deadline', 'deadline');
    if (foundDate !== undefined && deadline !== undefined && deadline < foundDate) {
      problem(
        'deadline',
        `整改时限 ${deadline} 早于发现日期 ${foundDate} / deadline ${deadline} is before the found date ${foundDate}`,
      );
    }
    const responsiblePerson = requiredText('responsiblePerson', 'responsible person', MAX_PERSON);
    const responsibleLeader = optionalText('responsibleLeader', 'responsible leader', MAX_PERSON);
    if (level === HazardLevel.MAJOR && responsibleLeader === '') {
      problem(
        'responsibleLeader',
        `等级为“${HAZARD_LEVEL_LABEL.MAJOR}”的问题必须填写责任领导 / a MAJOR finding needs a responsible leader`,
      );
    }

    // Duplicates inside the file: reported on the later row, against the first occurrence.
    if (unit !== undefined && description !== undefined) {
      const key = `${collapse(unit)}\u0000${collapse(description)}`;
      const first = firstRowOf.get(key);
      if (first === undefined) firstRowOf.set(key, rowNumber);
      else {
        problem(
          'description',
          `与第 ${first} 行重复（单位和问题描述相同） / duplicate of row ${first} (same unit and description)`,
        );
      }
    }

    problems.push(...rowProblems);
    if (
      rowProblems.length === 0 &&
      missingRequired.length === 0 &&
      unit !== undefined &&
      description !== undefined &&
      location !== undefined &&
      level !== undefined &&
      category !== undefined &&
      tags !== undefined &&
      source !== undefined &&
      foundDate !== undefined &&
      foundBy !== undefined &&
      deadline !== undefined &&
      responsiblePerson !== undefined &&
      responsibleLeader !== undefined
    ) {
      rows.push({
        rowNumber,
        unit,
        description,
        location,
        level,
        category,
        tags,
        source,
        foundDate,
        foundBy,
        deadline,
        responsiblePerson,
        responsibleLeader,
      });
    }
  });

  // Row by row, and left to right as the columns stand in the file.
  const keyOf = new Map(IMPORT_COLUMNS.map((c) => [c.header, c.key]));
  const position = (p: SheetProblem) => columnOf.get(keyOf.get(p.column)!) ?? Number.MAX_SAFE_INTEGER;
  problems.sort((a, b) => a.row - b.row || position(a) - position(b));
  return { rows, problems };
}

// ---------------------------------------------------------------------------------------------------------------
// Export (问题台账)

export interface ExportRow {
  code: string;
  roundName: string;
  unitName: string;
  description: string;
  location: string;
  level: HazardLevel;
  category: FindingCategory;
  tags: string[];
  source: FindingSource;
  /** Chinese status label, given by the caller. */
  status: string;
  foundDate: string;
  deadline: string;
  responsiblePerson: string;
  measures: string | null;
  fundsYuan: number | null;
  overdue: boolean;
  closedDate: string | null;
}

const EXPORT_SHEET = '问题台账';

interface ExportColumn {
  header: string;
  width: number;
  value: (r: ExportRow, index: number) => ExcelJS.CellValue;
  wrap?: boolean;
  numFmt?: string;
  center?: boolean;
}

/** A calendar date as a real Excel date (sortable, filterable by month); anything else is written as given. */
const dateCell = (iso: string | null): ExcelJS.CellValue =>
  iso && isIsoDate(iso) ? isoToCellDate(iso) : iso;

const EXPORT_COLUMNS: ExportColumn[] = [
  { header: '序号', width: 6, value: (_r, i) => i, center: true },
  { header: '编号', width: 16, value: (r) => r.code },
  { header: '督察轮次', width: 22, value: (r) => r.roundName, wrap: true },
  { header: '单位', width: 16, value: (r) => r.unitName, wrap: true },
  { header: '问题描述', width: 50, value: (r) => r.description, wrap: true },
  { header: '地点', width: 20, value: (r) => r.location, wrap: true },
  { header: '等级', width: 8, value: (r) => HAZARD_LEVEL_LABEL[r.level] ?? r.level, center: true },
  { header: '类别', width: 16, value: (r) => FINDING_CATEGORY_LABEL[r.category] ?? r.category },
  { header: '标签', width: 16, value: (r) => r.tags.join('、'), wrap: true },
  { header: '来源', width: 10, value: (r) => FINDING_SOURCE_LABEL[r.source] ?? r.source },
  { header: '状态', width: 10, value: (r) => r.status, center: true },
  { header: '发现日期', width: 12, value: (r) => dateCell(r.foundDate), numFmt: 'yyyy-mm-dd', center: true },
  { header: '整改时限', width: 12, value: (r) => dateCell(r.deadline), numFmt: 'yyyy-mm-dd', center: true },
  { header: '是否超期', width: 10, value: (r) => (r.overdue ? '是' : '否'), center: true },
  { header: '责任人', width: 10, value: (r) => r.responsiblePerson },
  { header: '整改措施', width: 40, value: (r) => r.measures, wrap: true },
  { header: '资金(元)', width: 12, value: (r) => r.fundsYuan, numFmt: '#,##0' },
  { header: '销号日期', width: 12, value: (r) => dateCell(r.closedDate), numFmt: 'yyyy-mm-dd', center: true },
];

/** Collects everything written to it; `finish` fires once the last chunk is in. */
class BufferSink extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    callback();
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * The findings ledger: a title row, Chinese headers (frozen, with autofilter), one row per finding with labels
 * instead of codes, and a final '合计 N 条' row. Written with exceljs' streaming writer: each row is committed
 * as soon as it is added, so only the compressed output is held in memory, not a cell model per finding.
 */
export async function buildFindingsExport(
  rows: AsyncIterable<ExportRow> | ExportRow[],
  title: string,
): Promise<Buffer> {
  const sink = new BufferSink();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: true,
  });
  wb.creator = 'Rectify';
  const ws = wb.addWorksheet(EXPORT_SHEET, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = EXPORT_COLUMNS.map((c) => ({ width: c.width }));
  const lastColumn = ws.getColumn(EXPORT_COLUMNS.length).letter;

  ws.mergeCells(`A1:${lastColumn}1`);
  const titleRow = ws.getRow(1);
  titleRow.getCell(1).value = title;
  titleRow.getCell(1).font = { bold: true, size: 14 };
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  titleRow.height = 30;
  titleRow.commit();

  const headerRow = ws.getRow(2);
  EXPORT_COLUMNS.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = ALL_BORDERS;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  headerRow.height = 20;
  headerRow.commit();

  let count = 0;
  let funds = 0;
  for await (const finding of rows) {
    count += 1;
    funds += finding.fundsYuan ?? 0;
    const row = ws.getRow(2 + count);
    EXPORT_COLUMNS.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.value = c.value(finding, count);
      cell.border = ALL_BORDERS;
      cell.alignment = { vertical: 'top', wrapText: c.wrap, horizontal: c.center ? 'center' : undefined };
      if (c.numFmt) cell.numFmt = c.numFmt;
    });
    if (finding.overdue)
      row.getCell(EXPORT_COLUMNS.findIndex((c) => c.header === '是否超期') + 1).font = {
        color: { argb: 'FFC00000' },
        bold: true,
      };
    row.commit();
  }

  const lastDataRow = 2 + count;
  ws.autoFilter = `A2:${lastColumn}${lastDataRow}`;

  const totalRow = ws.getRow(lastDataRow + 1);
  ws.mergeCells(`A${lastDataRow + 1}:D${lastDataRow + 1}`);
  totalRow.getCell(1).value = `合计 ${count} 条`;
  const fundsColumn = EXPORT_COLUMNS.findIndex((c) => c.header === '资金(元)') + 1;
  totalRow.getCell(fundsColumn).value = funds;
  totalRow.getCell(fundsColumn).numFmt = '#,##0';
  for (let i = 1; i <= EXPORT_COLUMNS.length; i++) {
    const cell = totalRow.getCell(i);
    cell.font = { bold: true };
    cell.border = ALL_BORDERS;
  }
  totalRow.commit();

  ws.commit();
  await wb.commit();
  return sink.toBuffer();
}
