import { UNIT_TIER, type UnitKind } from '../../org/unit-kind';

export interface UnitNode {
  id: number;
  name: string;
  kind: UnitKind;
  path: string;
}

/** The ids on a materialised path, root first (`/1/5/21/` → 1, 5, 21). */
export const pathIds = (path: string): number[] => path.split('/').filter(Boolean).map(Number);

/**
 * The unit a finding's unit is counted under in the "by 二级单位" charts: its first ancestor-or-self of tier 2 or
 * below (厂, 分公司, 中心, 职能部门 …) that the user may see; without one (a finding on the company itself, or a user
 * whose scope starts below tier 2) the first unit of the path the user may see. Every unit of the chosen unit's
 * subtree is counted under it, so the bar's link (the list filtered by that unit's subtree) shows the same findings.
 */
export function secondaryUnitOf(
  unitPath: string,
  units: Map<number, UnitNode>,
  visible: (path: string) => boolean,
): UnitNode | undefined {
  const chain = pathIds(unitPath)
    .map((id) => units.get(id))
    .filter((u): u is UnitNode => !!u && visible(u.path));
  return chain.find((u) => UNIT_TIER[u.kind] >= 2) ?? chain[0];
}

/**
 * The names a chart shows for its units: a name two units share (each company has its 安全环保健康部) gets the unit's
 * company after it, so that the two bars can be told apart.
 */
export function namesWithCompanyOnTwins(units: { name: string; companyName: string }[]): string[] {
  const seen = new Map<string, number>();
  for (const u of units) seen.set(u.name, (seen.get(u.name) ?? 0) + 1);
  return units.map((u) => ((seen.get(u.name) ?? 0) > 1 ? `${u.name}（${u.companyName}）` : u.name));
}
