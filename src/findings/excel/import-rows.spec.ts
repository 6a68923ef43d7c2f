import ExcelJS from 'exceljs';
// exceljs' own zip library (its dependency), to write a valid file in another entry order.
import JSZip from 'jszip';
import { FindingCategory, FindingSource, HazardLevel } from '../finding.enums';
import { parseImportWorkbook } from './import-rows';
import { TooManyRowsError } from './workbook-file';

const HEADERS = [
  '单位*',
  '问题描述*',
  '地点/部位*',
  '等级*',
  '类别*',
  '标签',
  '来源',
  '发现日期*',
  '发现人',
  '整改时限*',
  '责任人*',
  '责任领导',
];

async function workbook(rows: ExcelJS.CellValue[][], headers: string[] = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('问题清单');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A valid row in HEADERS order; override cells by index. */
const row = (over: Record<number, ExcelJS.CellValue> = {}): ExcelJS.CellValue[] => {
  const base: ExcelJS.CellValue[] = [
    '电解厂',
    '2号皮带廊地面及托辊积尘严重，未按规定定期清扫',
    '2号皮带廊',
    '一般',
    '物的不安全状态',
    '扬尘',
    '督察组',
    '2023-01-06',
    '王磊',
    '2023-02-28',
    '李强',
    '',
  ];
  for (const [i, v] of Object.entries(over)) base[Number(i)] = v;
  return base;
};
const C = {
  unit: 0,
  desc: 1,
  loc: 2,
  level: 3,
  cat: 4,
  tags: 5,
  source: 6,
  found: 7,
  by: 8,
  deadline: 9,
  person: 10,
  leader: 11,
};

describe('parseImportWorkbook', () => {
  it('reports every problem of every row in one call, and returns only the valid rows', async () => {
    const data = await workbook([
      row(), // 2: valid
      row({ [C.desc]: '燃气管道阀门泄漏检测未按期开展', [C.level]: '很大' }), // 3
      row({ [C.desc]: '临时管线 布置不规范', [C.found]: '2023-02-30' }), // 4
      row({ [C.desc]: '废弃管道未拆除', [C.deadline]: 'tomorrow' }), // 5
      row({ [C.desc]: '电气抽屉开关发热', [C.found]: '2023-03-01', [C.deadline]: '2023-02-15' }), // 6
      row({ [C.desc]: '外墙开裂脱落', [C.loc]: '' }), // 7
      row({ [C.desc]: '煤气柜区域未设置重要危险源公示牌', [C.level]: '重大' }), // 8
      ['  ', '', null], // 9: blank, skipped
      row({
        [C.unit]: ' 电解厂 ',
        [C.desc]: ' 2号皮带廊地面及托辊积尘严重，未按规定定期清扫 ',
        [C.person]: '',
      }), // 10: duplicate of 2
      row({ [C.desc]: '临时管线 \t 布置不规范' }), // 11: duplicate of 4 (whitespace collapsed), although 4 is invalid
    ]);
    const { rows, problems } = await parseImportWorkbook(data);
    expect(rows.map((r) => r.rowNumber)).toEqual([2]);
    expect(problems.map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 3, column: '等级' },
      { row: 4, column: '发现日期' },
      { row: 5, column: '整改时限' },
      { row: 6, column: '整改时限' },
      { row: 7, column: '地点/部位' },
      { row: 8, column: '责任领导' },
      { row: 10, column: '问题描述' },
      { row: 10, column: '责任人' },
      { row: 11, column: '问题描述' },
    ]);
    const message = (r: number, column: string) =>
      problems.find((p) => p.row === r && p.column === column)!.message;
    expect(message(3, '等级')).toBe(
      '等级“很大”无效，只能是 一般、较大 或 重大 / level must be 一般, 较大 or 重大',
    );
    expect(message(4, '发现日期')).toContain('不是有效的日期');
    expect(message(5, '整改时限')).toContain('“tomorrow”无法识别为日期');
    expect(message(6, '整改时限')).toBe(
      '整改时限 2023-02-15 早于发现日期 2023-03-01 / deadline 2023-02-15 is before the found date 2023-03-01',
    );
    expect(message(7, '地点/部位')).toBe('地点/部位不能为空 / location is required');
    expect(message(8, '责任领导')).toContain('a MAJOR finding needs a responsible leader');
    expect(message(10, '问题描述')).toContain('与第 2 行重复');
    expect(message(10, '问题描述')).toContain('duplicate of row 2');
    expect(message(11, '问题描述')).toBe(
      '与第 4 行重复（单位和问题描述相同） / duplicate of row 4 (same unit and description)',
    );
  });

  it('reads Excel date cells and Chinese, slashed or dashed dates as YYYY-MM-DD', async () => {
    const data = await workbook([
      row({ [C.desc]: 'a', [C.found]: utc('2023-02-13'), [C.deadline]: utc('2023-02-13') }),
      row({ [C.desc]: 'b', [C.found]: '2023年2月13日', [C.deadline]: '2023/2/13' }),
      row({ [C.desc]: 'c', [C.found]: '2023-02-13', [C.deadline]: '２０２３年０２月１３日' }),
      // a serial number whose date format was lost, and a compact 20230213 typed as a number
      row({ [C.desc]: 'd', [C.found]: 44970, [C.deadline]: 20230213 }),
    ]);
    const { rows, problems } = await parseImportWorkbook(data);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.foundDate, r.deadline])).toEqual([
      ['2023-02-13', '2023-02-13'],
      ['2023-02-13', '2023-02-13'],
      ['2023-02-13', '2023-02-13'],
      ['2023-02-13', '2023-02-13'],
    ]);
  });

  it('accepts labels and codes for level, category and source; an empty source is 督察组', async () => {
    const data = await workbook([
      row({
        [C.desc]: 'a',
        [C.level]: '重大',
        [C.cat]: '环境问题',
        [C.source]: '单位自查',
        [C.leader]: '张建华',
      }),
      row({
        [C.desc]: 'b',
        [C.level]: 'MAJOR',
        [C.cat]: 'ENVIRONMENTAL',
        [C.source]: 'SELF_CHECK',
        [C.leader]: '张建华',
      }),
      row({ [C.desc]: 'c', [C.level]: '较大', [C.cat]: '管理缺陷', [C.source]: '' }),
      row({ [C.desc]: 'd', [C.level]: 'general', [C.cat]: '人的不安全行为', [C.source]: 'HAZARD_REPORT' }),
    ]);
    const { rows, problems } = await parseImportWorkbook(data);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.level, r.category, r.source])).toEqual([
      [HazardLevel.MAJOR, FindingCategory.ENVIRONMENTAL, FindingSource.SELF_CHECK],
      [HazardLevel.MAJOR, FindingCategory.ENVIRONMENTAL, FindingSource.SELF_CHECK],
      [HazardLevel.SERIOUS, FindingCategory.MANAGEMENT, FindingSource.AUDIT_TEAM],
      [HazardLevel.GENERAL, FindingCategory.UNSAFE_ACT, FindingSource.HAZARD_REPORT],
    ]);
  });

  it('splits tags on Chinese and Latin separators and refuses more than 10', async () => {
    const data = await workbook([
      row({ [C.desc]: 'a', [C.tags]: ' 电气，燃气,扬尘、 重要危险源;;粉尘；电气 ' }),
      row({ [C.desc]: 'b', [C.tags]: Array.from({ length: 11 }, (_, i) => `t${i}`).join('、') }),
    ]);
    const { rows, problems } = await parseImportWorkbook(data);
    expect(rows.map((r) => r.tags)).toEqual([['电气', '燃气', '扬尘', '重要危险源', '粉尘']]);
    expect(problems).toEqual([{ row: 3, column: '标签', message: expect.stringContaining('最多 10 个') }]);
  });

  it('reads rich text, formula results, hyperlinks and numbers as plain strings', async () => {
    const data = await workbook([
      row({
        [C.unit]: 1203,
        [C.desc]: { richText: [{ text: '石灰炉', font: { bold: true } }, { text: '炉顶冒灰' }] },
        [C.loc]: { formula: 'CONCATENATE("石灰","工区")', result: '石灰工区' },
        [C.person]: { text: '李强', hyperlink: 'mailto:liqiang@example.com' },
        [C.found]: { formula: 'DATE(2023,2,13)', result: utc('2023-02-13') },
      }),
    ]);
    const { rows, problems } = await parseImportWorkbook(data);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({
      unit: '1203',
      description: '石灰炉炉顶冒灰',
      location: '石灰工区',
      responsiblePerson: '李强',
      foundDate: '2023-02-13',
    });
  });

  it('finds columns by header text in any order, tolerating spaces and *', async () => {
    const headers = [
      ' 责任人 * ',
      '整改时限',
      '发现日期 *',
      '类别',
      '等级＊',
      '地点/部位',
      '问题描述',
      '单位',
      '备注',
    ];
    const data = await workbook(
      [
        [
          '李强',
          '2023-02-28',
          '2023-01-06',
          '管理缺陷',
          '一般',
          '焙烧工区',
          '未建立检查台账',
          '资源综合利用分公司',
          'x',
        ],
      ],
      headers,
    );
    const { rows, problems } = await parseImportWorkbook(data);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({
        rowNumber: 2,
        unit: '资源综合利用分公司',
        location: '焙烧工区',
        tags: [],
        source: FindingSource.AUDIT_TEAM,
        foundBy: '',
        responsibleLeader: '',
      }),
    ]);
  });

  it('reports a missing required header on row 1 and returns no rows', async () => {
    const data = await workbook([['电解厂', '积尘', '一般']], ['单位', '问题描述', '等级']);
    const { rows, problems } = await parseImportWorkbook(data);
    expect(rows).toEqual([]);
    expect(problems.filter((p) => p.row === 1).map((p) => p.column)).toEqual([
      '地点/部位',
      '类别',
      '发现日期',
      '整改时限',
      '责任人',
    ]);
    expect(problems.every((p) => p.row === 1)).toBe(true);
  });

  it('reads a valid file whose workbook.xml comes after its sheet and shared strings in the zip', async () => {
    // Zip order is free in .xlsx; exceljs writes workbook.xml last, and other tools put the shared strings first.
    // exceljs' reader then parsed the sheet before it knew the sheet names and failed ("reading 'sheets'").
    const src = await JSZip.loadAsync(await workbook([row()]));
    const first = ['xl/sharedStrings.xml', 'xl/_rels/workbook.xml.rels'];
    const names = Object.keys(src.files).filter((n) => !src.files[n].dir);
    const reordered = new JSZip();
    for (const n of [
      ...first,
      ...names.filter((n) => !first.includes(n) && n !== 'xl/workbook.xml'),
      'xl/workbook.xml',
    ])
      reordered.file(n, await src.files[n].async('nodebuffer'));
    const data = await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const parsed = await parseImportWorkbook(data);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => r.description)).toEqual(['2号皮带廊地面及托辊积尘严重，未按规定定期清扫']);
  });

  it('accepts a sheet of exactly maxRows data rows and refuses one more, empty rows not counted', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => row({ [C.desc]: `第${i + 1}号皮带廊积尘` }));
    const exact = await workbook([...rows, ['', '', ''], []]);
    await expect(parseImportWorkbook(exact, 3)).resolves.toMatchObject({ problems: [] });
    const more = await workbook([...rows, row({ [C.desc]: '第4号皮带廊积尘' })]);
    const refused = parseImportWorkbook(more, 3);
    await expect(refused).rejects.toBeInstanceOf(TooManyRowsError);
    await expect(refused).rejects.toThrow(/超过 3 行/);
  });

  it('throws a clear error for a file that is not an xlsx', async () => {
    await expect(parseImportWorkbook(Buffer.from('单位,问题描述\n电解厂,积尘\n'))).rejects.toThrow(
      /不是有效的 Excel \(\.xlsx\) 文件/,
    );
    await expect(parseImportWorkbook(Buffer.alloc(0))).rejects.toThrow(/empty/);
    const legacyXls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    await expect(parseImportWorkbook(legacyXls)).rejects.toThrow(/\.xls/);
  });
});
