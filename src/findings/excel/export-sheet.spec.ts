import ExcelJS from 'exceljs';
import { FindingCategory, FindingSource, HazardLevel } from '../finding.enums';
import { buildFindingsExport, ExportRow } from './export-sheet';

async function load(data: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return wb;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('buildFindingsExport', () => {
  const finding = (over: Partial<ExportRow>): ExportRow => ({
    code: 'XCL-2023-AQ-001',
    roundName: '2023年1月安全督察回头看',
    unitName: '电解厂',
    description: '2号皮带廊地面及托辊积尘严重，未按规定定期清扫',
    location: '2号皮带廊',
    level: HazardLevel.GENERAL,
    category: FindingCategory.UNSAFE_CONDITION,
    tags: ['扬尘', '皮带廊'],
    source: FindingSource.AUDIT_TEAM,
    status: '整改中',
    foundDate: '2023-01-06',
    deadline: '2023-02-28',
    responsiblePerson: '李强',
    measures: null,
    fundsYuan: null,
    overdue: false,
    closedDate: null,
    ...over,
  });
  const rows = [
    finding({}),
    finding({
      code: 'XCL-2023-AQ-002',
      level: HazardLevel.MAJOR,
      category: FindingCategory.ENVIRONMENTAL,
      source: FindingSource.HAZARD_REPORT,
      status: '已销号',
      measures: '增设喷淋抑尘装置',
      fundsYuan: 120000,
      closedDate: '2023-03-10',
    }),
    finding({ code: 'XCL-2023-AQ-003', level: HazardLevel.SERIOUS, overdue: true, fundsYuan: 3500 }),
  ];

  async function* stream(): AsyncIterable<ExportRow> {
    for (const r of rows) yield r;
  }

  it.each([
    ['an array', () => rows],
    ['an async iterable', stream],
  ])('writes the ledger from %s with Chinese headers, labels and a total row', async (_name, source) => {
    const wb = await load(await buildFindingsExport(source(), '中铝山西新材料 问题台账'));
    const ws = wb.getWorksheet('问题台账')!;
    expect(ws).toBeDefined();
    expect(ws.getCell('A1').value).toBe('中铝山西新材料 问题台账');
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      '序号',
      '编号',
      '督察轮次',
      '单位',
      '问题描述',
      '地点',
      '等级',
      '类别',
      '标签',
      '来源',
      '状态',
      '发现日期',
      '整改时限',
      '是否超期',
      '责任人',
      '整改措施',
      '资金(元)',
      '销号日期',
    ]);
    const cells = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(cells(3).slice(0, 14)).toEqual([
      1,
      'XCL-2023-AQ-001',
      '2023年1月安全督察回头看',
      '电解厂',
      '2号皮带廊地面及托辊积尘严重，未按规定定期清扫',
      '2号皮带廊',
      '一般',
      '物的不安全状态',
      '扬尘、皮带廊',
      '督察组',
      '整改中',
      utc('2023-01-06'),
      utc('2023-02-28'),
      '否',
    ]);
    expect(cells(4)).toEqual(
      expect.arrayContaining([
        '重大',
        '环境问题',
        '隐患举报',
        '已销号',
        '增设喷淋抑尘装置',
        120000,
        utc('2023-03-10'),
      ]),
    );
    expect(cells(5)[6]).toBe('较大');
    expect(cells(5)[13]).toBe('是');
    expect(ws.getCell('A6').value).toBe('合计 3 条');
    expect(ws.getCell('Q6').value).toBe(123500);
    expect(ws.getCell('E3').alignment?.wrapText).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBe('A2:R5');
  });

  it('writes an empty ledger with a zero total', async () => {
    const wb = await load(await buildFindingsExport([], '空台账'));
    expect(wb.getWorksheet('问题台账')!.getCell('A3').value).toBe('合计 0 条');
  });
});
