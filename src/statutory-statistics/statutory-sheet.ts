/**
 * The statutory table as .xlsx, in the usual layout of the project's exports (title row, shaded bordered headers,
 * frozen header, A4 landscape): the two header rows of the form (group headings over the fourteen numbered columns),
 * one row per row of the table, the note, the cross-checks, the analysis and the signature lines.
 */
import { excelJs } from '../common/libraries/on-first-use';
import { safeCellText, safeCellValue } from '../common/files/spreadsheet-text';
import { ALL_BORDERS, HEADER_FILL } from '../findings/excel/sheet-style';
import type { StatutoryTable } from './statutory-table.view';

export interface StatutorySheetMeta {
  /** e.g. "已锁定报送 第 1 版" or "草稿（未锁定）". */
  state: string;
  principalName: string | null;
  preparerName: string | null;
  phone: string | null;
  signedOn: string | null;
  analysis: string | null;
}

export async function buildStatutorySheet(table: StatutoryTable, meta: StatutorySheetMeta): Promise<Buffer> {
  const wb = new (excelJs().Workbook)();
  wb.creator = 'Rectify';
  const ws = wb.addWorksheet('隐患排查治理统计表', {
    views: [{ state: 'frozen', ySplit: 5, xSplit: 1 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const cols = table.columns.length + 1;
  const last = ws.getColumn(cols).letter;
  ws.columns = [{ width: 24 }, ...table.columns.map((c) => ({ width: c.no >= 8 && c.no <= 13 ? 11 : 10 }))];

  ws.mergeCells(`A1:${last}1`);
  const title = ws.getCell('A1');
  title.value = safeCellText(`${table.unit.name}生产安全事故隐患排查治理情况统计表`);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  ws.mergeCells(`A2:${last}2`);
  ws.getCell('A2').value = safeCellText(
    `报告期：${table.period.label}（${table.period.yearStart} 至 ${table.period.periodEnd}，自1月1日起累计）` +
      `\u3000\u3000${meta.state}\u3000\u3000操作留痕链 #${table.changeLog.seq} ${table.changeLog.hash.slice(0, 16)}…`,
  );

  // Two header rows: group headings over the numbered columns, a single column spanning both where it has none.
  const groupRow = ws.getRow(3);
  const labelRow = ws.getRow(4);
  const numberRow = ws.getRow(5);
  ws.mergeCells('A3:A4');
  groupRow.getCell(1).value = '单位';
  numberRow.getCell(1).value = '栏次';
  let i = 0;
  while (i < table.columns.length) {
    const c = table.columns[i];
    let j = i;
    while (j + 1 < table.columns.length && c.group && table.columns[j + 1].group === c.group) j++;
    if (!c.group) {
      ws.mergeCells(3, i + 2, 4, i + 2);
      groupRow.getCell(i + 2).value = c.label;
    } else {
      if (j > i) ws.mergeCells(3, i + 2, 3, j + 2);
      groupRow.getCell(i + 2).value = c.group;
      for (let k = i; k <= j; k++) labelRow.getCell(k + 2).value = table.columns[k].label;
    }
    i = j + 1;
  }
  table.columns.forEach((c, k) => (numberRow.getCell(k + 2).value = `(${c.no})`));
  for (const r of [groupRow, labelRow, numberRow])
    for (let k = 1; k <= cols; k++) {
      const cell = r.getCell(k);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = ALL_BORDERS;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  groupRow.height = 30;
  labelRow.height = 44;

  for (const row of table.rows) {
    const r = ws.addRow([
      row.label,
      ...table.columns.map((c) => (c.key === 'c14' ? row.figures.c14 : (row.figures[c.key] ?? '—'))),
    ]);
    r.eachCell({ includeEmpty: true }, (cell, k) => {
      cell.value = safeCellValue(cell.value);
      cell.border = ALL_BORDERS;
      cell.alignment = { horizontal: k === 1 ? 'left' : 'center', vertical: 'middle', wrapText: true };
      if (k > 1 && table.columns[k - 2].key === 'c14') cell.numFmt = '0.00';
    });
    if (row.kind === 'TOTAL') r.font = { bold: true };
  }

  const text = (value: string, bold = false) => {
    const r = ws.addRow([safeCellText(value)]);
    ws.mergeCells(r.number, 1, r.number, cols);
    r.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    if (bold) r.font = { bold: true };
    r.height = Math.max(16, Math.ceil(value.length / 110) * 16 * (value.split('\n').length || 1));
    return r;
  };
  ws.addRow([]);
  text(table.note);
  const failed = table.crossChecks.filter((c) => !c.ok);
  text(
    failed.length
      ? `勾稽关系校验：未通过 ${failed.length} 项——${failed.map((c) => `${c.rowLabel} ${c.rule}（${c.detail}）`).join('；')}`
      : '勾稽关系校验：(8)≤(5)−(6)；(9)～(13)≤(8)；(3)≤(2)；(6)≤(5)；整改率由计数计算——全部通过',
    failed.length > 0,
  );
  if (meta.analysis) {
    ws.addRow([]);
    text('隐患排查治理情况分析', true);
    for (const para of meta.analysis.split('\n')) text(para);
  }
  ws.addRow([]);
  const sign = ws.addRow(
    [
      `单位负责人：${meta.principalName ?? ''}`,
      '',
      '',
      '',
      `填表人：${meta.preparerName ?? ''}`,
      '',
      '',
      '',
      `联系电话：${meta.phone ?? ''}`,
      '',
      '',
      `填报日期：${meta.signedOn ?? ''}`,
    ].map(safeCellValue),
  );
  sign.font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
