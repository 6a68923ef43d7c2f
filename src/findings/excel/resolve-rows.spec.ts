import { FindingCategory, FindingSource, HazardLevel } from '../finding.enums';
import { ImportRow } from './import-columns';
import { resolveImportRows } from './resolve-rows';

const units = [
  { id: 1, name: '电解厂', code: 'DJC', aliases: ['电解分厂'] },
  { id: 2, name: '氧化铝厂', code: 'YHL', aliases: [] },
  { id: 3, name: '焙烧车间', code: 'BS-1', aliases: [] },
  { id: 4, name: '焙烧车间', code: 'BS-2', aliases: [] },
];

const row = (rowNumber: number, over: Partial<ImportRow> = {}): ImportRow => ({
  rowNumber,
  unit: '电解厂',
  description: '2号皮带廊地面积尘严重',
  location: '2号皮带廊',
  level: HazardLevel.GENERAL,
  category: FindingCategory.UNSAFE_CONDITION,
  tags: [],
  source: FindingSource.AUDIT_TEAM,
  foundDate: '2023-01-06',
  foundBy: '',
  deadline: '2023-02-28',
  responsiblePerson: '李强',
  responsibleLeader: '',
  ...over,
});

const facts = {
  companyName: '山西新材料',
  units,
  existing: [{ unitId: 2, description: '溶出车间 管道泄漏', code: 'XCL-2023-AQ-007' }],
  today: '2023-03-01',
};

describe('resolveImportRows', () => {
  it('matches units by name, former name or code, ignoring spaces and case', () => {
    const { resolved, problems } = resolveImportRows(
      [row(2), row(3, { unit: ' 电解 分厂 ' }), row(4, { unit: 'yhl' }), row(5, { unit: 'bs-2' })],
      facts,
    );
    expect(problems).toEqual([]);
    expect(resolved.map((r) => [r.row.rowNumber, r.unit.id])).toEqual([
      [2, 1],
      [3, 1],
      [4, 2],
      [5, 4],
    ]);
  });

  it('reports unknown and ambiguous units and leaves those rows out', () => {
    const { resolved, problems } = resolveImportRows(
      [row(2, { unit: '铸造厂' }), row(3, { unit: '焙烧车间' })],
      facts,
    );
    expect(resolved).toEqual([]);
    expect(problems).toEqual([
      {
        row: 2,
        column: '单位',
        message: '找不到单位「铸造厂」（按名称、曾用名或编码，在「山西新材料」内） / Unknown unit',
      },
      {
        row: 3,
        column: '单位',
        message: '「焙烧车间」对应多个单位（BS-1、BS-2），请填写单位编码 / Ambiguous: use the code',
      },
    ]);
  });

  it('refuses findings already in the round and found dates after today', () => {
    const { resolved, problems } = resolveImportRows(
      [row(2, { unit: 'YHL', description: '溶出车间管道泄漏', foundDate: '2023-03-02' }), row(3)],
      facts,
    );
    expect(resolved.map((r) => r.row.rowNumber)).toEqual([2, 3]);
    expect(problems).toEqual([
      {
        row: 2,
        column: '问题描述',
        message:
          '本轮次已有相同问题（编号 XCL-2023-AQ-007），不能重复导入 / Already in this round as XCL-2023-AQ-007',
      },
      { row: 2, column: '发现日期', message: '发现日期不能晚于今天 / The found date is in the future' },
    ]);
  });
});
