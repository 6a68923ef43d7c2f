import { UnitScope } from './unit-scope';

describe('UnitScope (the unit-subtree rule)', () => {
  const unit = UnitScope.of({ unitScopePath: '/1/5/' });
  const everything = UnitScope.of({ unitScopePath: null });

  it('includes the unit itself and everything below it, nothing beside or above', () => {
    expect(unit.includesPath('/1/5/')).toBe(true);
    expect(unit.includesPath('/1/5/21/')).toBe(true);
    expect(unit.includesPath('/1/5/21/40/')).toBe(true);
    expect(unit.includesPath('/1/')).toBe(false);
    expect(unit.includesPath('/1/6/')).toBe(false);
    // a sibling whose id starts with the same digits is not inside: paths end with a slash
    expect(unit.includesPath('/1/55/')).toBe(false);
  });

  it('does not limit organisation-wide actors', () => {
    expect(everything.isOrganisationWide).toBe(true);
    expect(everything.includesPath('/2/9/')).toBe(true);
    expect(everything.sqlCondition('u.path', 3)).toEqual({ sql: '', params: [] });
    expect(everything.likePattern).toBeNull();
  });

  it('writes the same rule for hand-written SQL, numbered where the caller appends it', () => {
    expect(unit.sqlCondition('u.path', 3)).toEqual({ sql: ' AND u.path LIKE $3', params: ['/1/5/%'] });
    expect(unit.likePattern).toBe('/1/5/%');
  });

  it('adds the condition to a query builder only for a unit actor', () => {
    const calls: unknown[][] = [];
    const qb = { andWhere: (...args: unknown[]) => (calls.push(args), qb) };
    unit.applyTo(qb as never, 'u.path');
    everything.applyTo(qb as never, 'u.path');
    expect(calls).toEqual([['u.path LIKE :unitScopePrefix', { unitScopePrefix: '/1/5/%' }]]);
  });
});
