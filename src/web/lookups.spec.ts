import { matchUnit, UnitChoice } from './lookups';

const units: UnitChoice[] = [
  { id: 1, name: '中铝山西新材料有限公司', label: '中铝山西新材料有限公司' },
  { id: 2, name: '热电分厂', label: '中铝山西新材料有限公司 · 热电分厂' },
  { id: 3, name: '安全科', label: '中铝山西新材料有限公司 · 热电分厂 · 安全科' },
  { id: 4, name: '精细氧化铝事业部', label: '中铝山西新材料有限公司 · 精细氧化铝事业部' },
  { id: 5, name: '安全科', label: '中铝山西新材料有限公司 · 精细氧化铝事业部 · 安全科' },
  { id: 6, name: '石灰工区', label: '中铝山西新材料有限公司 · 精细氧化铝事业部 · 石灰工区' },
];
const refusal = (typed: string) => {
  try {
    matchUnit(units, typed, 'hazardUnitId');
  } catch (err) {
    return (err as { details: { field: string; messages: string[] }[] }).details[0];
  }
  throw new Error('accepted');
};

describe('issue 18: the unit typed into the hazard report form', () => {
  it('takes the full name as suggested, the one unit of that name, or the one whose name contains the text', () => {
    expect(matchUnit(units, '中铝山西新材料有限公司 · 精细氧化铝事业部 · 安全科', 'f').id).toBe(5);
    expect(matchUnit(units, '石灰工区', 'f').id).toBe(6);
    expect(matchUnit(units, '热电分厂', 'f').id).toBe(2);
    expect(matchUnit(units, '石灰', 'f').id).toBe(6);
    expect(matchUnit(units, ' 热电分厂·安全科 ', 'f').id).toBe(3);
  });

  it('refuses, next to the field, an empty, an ambiguous or an unknown unit', () => {
    expect(refusal('')).toEqual({ field: 'hazardUnitId', messages: ['请选择隐患所在单位'] });
    expect(refusal('安全科').messages[0]).toContain('有 2 个单位');
    expect(refusal('炼铁厂').messages[0]).toContain('找不到单位“炼铁厂”');
  });
});
