import { UnitKind } from './unit-kind';
import { ancestorIds, buildTree, childPath, kindFitsUnder, moveMakesCycle } from './unit-tree';

describe('unit tree rules', () => {
  it('builds materialised paths', () => {
    expect(childPath(null, 1)).toBe('/1/');
    expect(childPath('/1/4/', 17)).toBe('/1/4/17/');
  });

  it('refuses a move under itself or its own descendant, allows siblings and ancestors', () => {
    expect(moveMakesCycle('/1/4/', '/1/4/')).toBe(true);
    expect(moveMakesCycle('/1/4/', '/1/4/17/')).toBe(true);
    expect(moveMakesCycle('/1/4/', '/1/5/')).toBe(false);
    expect(moveMakesCycle('/1/4/', '/1/')).toBe(false);
    // /1/4/ is not a prefix of /1/41/: ids are delimited
    expect(moveMakesCycle('/1/4/', '/1/41/')).toBe(false);
  });

  it('keeps kinds in tier order', () => {
    expect(kindFitsUnder(UnitKind.COMPANY, null)).toBe(true);
    expect(kindFitsUnder(UnitKind.FACTORY, null)).toBe(false);
    expect(kindFitsUnder(UnitKind.BRANCH_FACTORY, UnitKind.COMPANY)).toBe(true);
    expect(kindFitsUnder(UnitKind.WORK_AREA, UnitKind.BRANCH_FACTORY)).toBe(true);
    expect(kindFitsUnder(UnitKind.TEAM, UnitKind.WORK_AREA)).toBe(true);
    expect(kindFitsUnder(UnitKind.WORKSHOP, UnitKind.TEAM)).toBe(false);
    expect(kindFitsUnder(UnitKind.DIVISION, UnitKind.DEPARTMENT)).toBe(false);
  });

  it('nests rows under their parents', () => {
    const tree = buildTree([
      { id: 2, parentId: 1, name: 'b' },
      { id: 1, parentId: null, name: 'a' },
      { id: 3, parentId: 2, name: 'c' },
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0].children).toHaveLength(1);
    expect((tree[0].children[0] as { children: unknown[] }).children).toHaveLength(1);
  });
});

describe('ancestorIds', () => {
  it('reads the ids of a materialised path from the top down', () => {
    expect(ancestorIds('/1/4/17/')).toEqual([1, 4, 17]);
    expect(ancestorIds('/1/')).toEqual([1]);
  });
});
