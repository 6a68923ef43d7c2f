import { UnitKind } from '../../org/unit-kind';
import { secondaryUnitOf, type UnitNode } from './secondary-unit';

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
