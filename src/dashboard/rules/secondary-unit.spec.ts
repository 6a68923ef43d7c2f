import { UnitKind } from '../../org/unit-kind';
import { namesApartOnTwins, secondaryUnitOf, type UnitNode } from './secondary-unit';

const units = new Map<number, UnitNode>(
  [
    { id: 1, name: '新材料', kind: UnitKind.COMPANY, path: '/1/' },
    { id: 2, name: '电解厂', kind: UnitKind.FACTORY, path: '/1/2/' },
    { id: 3, name: '一车间', kind: UnitKind.WORKSHOP, path: '/1/2/3/' },
    { id: 4, name: '一班', kind: UnitKind.TEAM, path: '/1/2/3/4/' },
  ].map((u) => [u.id, u]),
);

describe('the 二级单位 a finding is counted under (issue 17)', () => {
  it('is the tier-2 ancestor of a workshop or team', () => {
    expect(secondaryUnitOf('/1/2/3/4/', units, () => true)?.name).toBe('电解厂');
    expect(secondaryUnitOf('/1/2/', units, () => true)?.name).toBe('电解厂');
  });

  it('is the company itself for a finding on the company', () => {
    expect(secondaryUnitOf('/1/', units, () => true)?.name).toBe('新材料');
  });

  it('is the highest visible unit when the scope starts below tier 2', () => {
    expect(secondaryUnitOf('/1/2/3/4/', units, (p) => p.startsWith('/1/2/3/'))?.name).toBe('一车间');
  });
});

describe('the names a chart gives twin units', () => {
  it('leaves a name no other bar has as it is', () => {
    expect(namesApartOnTwins([{ name: '电解厂', ancestors: ['山西铝业'] }])).toEqual(['电解厂']);
  });

  it('names each company’s 安全环保健康部 after its company', () => {
    expect(
      namesApartOnTwins([
        { name: '安全环保健康部', ancestors: ['山西铝业'] },
        { name: '安全环保健康部', ancestors: ['山西新材料'] },
        { name: '电解厂', ancestors: ['山西新材料'] },
      ]),
    ).toEqual(['安全环保健康部（山西铝业）', '安全环保健康部（山西新材料）', '电解厂']);
  });

  it('names two 储运工段 of one company after their 厂, not after the company both share', () => {
    expect(
      namesApartOnTwins([
        { name: '储运工段', ancestors: ['山西铝业', '氧化铝厂'] },
        { name: '储运工段', ancestors: ['山西铝业', '热电厂'] },
      ]),
    ).toEqual(['储运工段（氧化铝厂）', '储运工段（热电厂）']);
  });

  it('goes up as far as it takes: the same 厂 name in two companies gives company·厂', () => {
    expect(
      namesApartOnTwins([
        { name: '储运工段', ancestors: ['山西铝业', '氧化铝厂'] },
        { name: '储运工段', ancestors: ['山西新材料', '氧化铝厂'] },
        { name: '储运工段', ancestors: ['山西新材料', '热电厂'] },
      ]),
    ).toEqual([
      '储运工段（山西铝业·氧化铝厂）',
      '储运工段（山西新材料·氧化铝厂）',
      '储运工段（山西新材料·热电厂）',
    ]);
  });
});
