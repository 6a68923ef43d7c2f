import ExcelJS from 'exceljs';
import { FindingCategory, FindingSource, HazardLevel } from '../finding.enums';
import { IMPORT_COLUMNS, ImportRow } from './import-columns';
import { parseImportWorkbook } from './import-rows';
import { buildImportTemplate } from './template';

async function load(data: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return wb;
}

describe('import template', () => {
  it('parses back into exactly its example row, with no problems', async () => {
    const { rows, problems } = await parseImportWorkbook(await buildImportTemplate());
    expect(problems).toEqual([]);
    expect(rows).toEqual<ImportRow[]>([
      {
        rowNumber: 2,
        unit: '电解厂',
        description: '2号皮带廊地面及托辊积尘严重，未按规定定期清扫',
        location: '2号皮带廊',
        level: HazardLevel.GENERAL,
        category: FindingCategory.UNSAFE_CONDITION,
        tags: ['扬尘', '皮带廊'],
        source: FindingSource.AUDIT_TEAM,
        foundDate: '2023-01-06',
        foundBy: '王磊',
        deadline: '2023-02-28',
        responsiblePerson: '李强',
        responsibleLeader: '张建华',
      },
    ]);
  });

  it('has the Chinese headers, a frozen bold header, drop-down lists and an explanation sheet', async () => {
    const wb = await load(await buildImportTemplate());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['问题清单', '填写说明']);
    const ws = wb.getWorksheet('问题清单')!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(IMPORT_COLUMNS.map((c) => (c.required ? `${c.header}*` : c.header)));
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('D10').dataValidation).toMatchObject({ type: 'list', formulae: ['"一般,较大,重大"'] });
    expect(ws.getCell('E10').dataValidation?.formulae).toEqual([
      '"人的不安全行为,物的不安全状态,管理缺陷,环境问题"',
    ]);
    expect(ws.getCell('G10').dataValidation?.formulae).toEqual(['"督察组,公司查出,单位自查,隐患举报"']);
    const guide = wb.getWorksheet('填写说明')!;
    const text: string[] = [];
    guide.eachRow((r) => r.eachCell((c) => text.push(String(c.value))));
    for (const c of IMPORT_COLUMNS) expect(text).toContain(c.header);
    expect(text.join('\n')).toContain('不得早于发现日期');
  });
});
