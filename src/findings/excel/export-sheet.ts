/**
 * The findings ledger export (问题台账): labels instead of codes, real Excel dates, a total row. Framework-free: the
 * caller supplies the rows (already in the order and scope of the list) and the title.
 */
import type ExcelJS from 'exceljs';
import { excelJs } from '../../common/libraries/on-first-use';
import { Writable } from 'node:stream';
import { safeCellText, safeCellValue } from '../../common/files/spreadsheet-text';
import { isIsoDate } from '../../common/time/business-date';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FindingCategory,
  FindingSource,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from '../finding.enums';
import { isoToCellDate } from './cell-values';
import { ALL_BORDERS, HEADER_FILL } from './sheet-style';

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
  const wb = new (excelJs().stream.xlsx.WorkbookWriter)({
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
  writeTitle(ws, title, lastColumn);
  writeHeader(ws);

  let count = 0;
  let funds = 0;
  for await (const finding of rows) {
    count += 1;
    funds += finding.fundsYuan ?? 0;
    writeFinding(ws.getRow(2 + count), finding, count);
  }

  const lastDataRow = 2 + count;
  ws.autoFilter = `A2:${lastColumn}${lastDataRow}`;
  writeTotal(ws, lastDataRow + 1, count, funds);

  ws.commit();
  await wb.commit();
  return sink.toBuffer();
}

function writeTitle(ws: ExcelJS.Worksheet, title: string, lastColumn: string): void {
  ws.mergeCells(`A1:${lastColumn}1`);
  const titleRow = ws.getRow(1);
  titleRow.getCell(1).value = safeCellText(title);
  titleRow.getCell(1).font = { bold: true, size: 14 };
  titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  titleRow.height = 30;
  titleRow.commit();
}

function writeHeader(ws: ExcelJS.Worksheet): void {
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
}

/** One finding's row; the 是否超期 cell of an overdue finding is bold red. */
function writeFinding(row: ExcelJS.Row, finding: ExportRow, index: number): void {
  EXPORT_COLUMNS.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    // People's text (descriptions, places, names) never becomes a formula: see safeCellText.
    cell.value = safeCellValue(c.value(finding, index));
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

function writeTotal(ws: ExcelJS.Worksheet, rowNumber: number, count: number, funds: number): void {
  const totalRow = ws.getRow(rowNumber);
  ws.mergeCells(`A${rowNumber}:D${rowNumber}`);
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
}
