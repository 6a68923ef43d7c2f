import type { DashboardBreakdownRow } from '../findings/dashboard-statistics.repository';
import { UnitKind } from '../org/unit-kind';
import { rollUpToSecondaryUnits, unitBreakdownRows } from './dashboard-chart-views';
import type { UnitNode } from './rules/secondary-unit';

const units: UnitNode[] = [
  { id: 1, name: '新材料', kind: UnitKind.COMPANY, path: '/1/' },
  { id: 2, name: '电解厂', kind: UnitKind.FACTORY, path: '/1/2/' },
  { id: 3, name: '一车间', kind: UnitKind.WORKSHOP, path: '/1/2/3/' },
  { id: 4, name: '安全环保健康部', kind: UnitKind.DEPARTMENT, path: '/1/4/' },
  { id: 5, name: '铝业', kind: UnitKind.COMPANY, path: '/5/' },
  { id: 6, name: '安全环保健康部', kind: UnitKind.DEPARTMENT, path: '/5/6/' },
];

const row = (unitId: number, found: number, foundClosed: number, overdue: number): DashboardBreakdownRow => ({
  level: null,
  source: null,
  unit_id: unitId,
  found,
  found_closed: foundClosed,
  overdue,
  cancelled: 0,
});

describe('the 驾驶舱 roll-up to 二级单位 (issue 17)', () => {
  it('keeps only the rows by unit from the GROUPING SETS rows', () => {
    const rows: DashboardBreakdownRow[] = [
      { ...row(2, 1, 0, 0), unit_id: null, level: 'MAJOR' as never },
      { ...row(2, 1, 0, 0), unit_id: null, source: 'SELF_CHECK' as never },
      row(3, 2, 1, 1),
    ];
    expect(unitBreakdownRows(rows)).toEqual([row(3, 2, 1, 1)]);
  });

  it('sums a workshop under its factory and names twin departments after their companies', () => {
    const rolled = rollUpToSecondaryUnits(
      [row(3, 2, 1, 1), row(2, 3, 2, 0), row(4, 1, 1, 0), row(6, 4, 0, 2)],
      units,
      () => true,
    );
    expect(rolled.map((t) => [t.unit.name, t.found, t.foundClosed, t.overdue])).toEqual([
      ['电解厂', 5, 3, 1],
      ['安全环保健康部（新材料）', 1, 1, 0],
      ['安全环保健康部（铝业）', 4, 0, 2],
    ]);
  });

  it('counts a unit user’s findings under the highest unit they may see, and drops what they may not', () => {
    const rolled = rollUpToSecondaryUnits([row(3, 2, 1, 1), row(6, 4, 0, 2)], units, (p) =>
      p.startsWith('/1/2/3/'),
    );
    expect(rolled.map((t) => [t.unit.name, t.found])).toEqual([['一车间', 2]]);
  });
});
