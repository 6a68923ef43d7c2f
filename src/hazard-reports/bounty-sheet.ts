import { excelJs } from '../common/libraries/on-first-use';
import { safeCellText, safeCellValue } from '../common/files/spreadsheet-text';

export interface BountySheetRow {
  reporter: string;
  hazardUnit: string;
  hazard: string;
  level: string;
  amountYuan: number;
  status: string;
  approver: string | null;
  paidOn: string | null;
}

const STATUS_LABEL: Record<string, string> = {
  PROPOSED: '待审批',
  APPROVED: '已审批',
  REJECTED: '未批准',
  PAID: '已发放',
  CANCELLED: '已撤销',
};

/** 隐患举报奖励台账 as .xlsx; the caller passes reporter names already masked for the viewer. */
export async function buildBountySheet(rows: BountySheetRow[], title: string): Promise<Buffer> {
  const wb = new (excelJs().Workbook)();
  const ws = wb.addWorksheet('奖励台账');
  ws.addRow([safeCellText(title)]).font = { bold: true, size: 14 };
  const header = ws.addRow([
    '序号',
    '举报人',
    '隐患单位',
    '隐患内容',
    '等级',
    '金额(元)',
    '状态',
    '审批人',
    '发放日期',
  ]);
  header.font = { bold: true };
  rows.forEach((r, i) =>
    ws.addRow(
      [
        i + 1,
        r.reporter,
        r.hazardUnit,
        r.hazard,
        r.level,
        r.amountYuan,
        STATUS_LABEL[r.status] ?? r.status,
        r.approver ?? '',
        r.paidOn ?? '',
        // People's text (names, units, hazards) never becomes a formula: see safeCellText.
      ].map(safeCellValue),
    ),
  );
  const counted = rows.filter((r) => r.status !== 'REJECTED' && r.status !== 'CANCELLED');
  ws.addRow([
    '合计',
    `${counted.length} 项`,
    '',
    '',
    '',
    counted.reduce((s, r) => s + r.amountYuan, 0),
  ]).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = [6, 14, 16, 48, 8, 10, 10, 12, 12][i]));
  ws.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
