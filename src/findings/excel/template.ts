/** The import template workbook: sheet '问题清单' (headers, drop-downs, one example row) and sheet '填写说明'. */
import type ExcelJS from 'exceljs';
import { excelJs } from '../../common/libraries/on-first-use';
import { FINDING_CATEGORY_LABEL, FINDING_SOURCE_LABEL, HAZARD_LEVEL_LABEL } from '../finding.enums';
import { isoToCellDate } from './cell-values';
import { IMPORT_COLUMNS, ImportKey } from './import-columns';
import { ALL_BORDERS, HEADER_FILL } from './sheet-style';

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
  const wb = new (excelJs().Workbook)();
  wb.creator = 'Rectify';
  addEntrySheet(wb);
  addGuideSheet(wb);
  return toBuffer(await wb.xlsx.writeBuffer());
}

/** '问题清单': the header row (required columns marked), one example row and drop-down lists. */
function addEntrySheet(wb: ExcelJS.Workbook): void {
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
}

/** '填写说明': general rules, then one line per column with whether it is required and its note. */
function addGuideSheet(wb: ExcelJS.Workbook): void {
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
}
