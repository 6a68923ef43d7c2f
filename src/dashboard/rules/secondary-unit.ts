import { UNIT_TIER, type UnitKind } from '../../org/unit-kind';
import { ancestorIds } from '../../org/unit-tree';

export interface UnitNode {
  id: number;
  name: string;
  kind: UnitKind;
  path: string;
}

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
  const chain = ancestorIds(unitPath)
    .map((id) => units.get(id))
    .filter((u): u is UnitNode => !!u && visible(u.path));
  return chain.find((u) => UNIT_TIER[u.kind] >= 2) ?? chain[0];
}

/**
 * The names a chart shows for its units: a name two units share gets the names of its nearest ancestors after it,
 * as few as tell the twins apart — each company's 安全环保健康部 gets its company (its parent), a 储运工段 in two 厂
 * gets its 厂, and a 储运工段 of two 氧化铝厂 in two companies gets company·厂. `ancestors` run from the top (the
 * company) down to the parent.
 */
export function namesApartOnTwins(units: { name: string; ancestors: string[] }[]): string[] {
  const twins = new Map<string, number[]>();
  units.forEach((u, i) => twins.set(u.name, [...(twins.get(u.name) ?? []), i]));
  const names = units.map((u) => u.name);
  for (const group of twins.values()) {
    if (group.length < 2) continue;
    const depth = Math.max(...group.map((i) => units[i].ancestors.length));
    const qualifier = (i: number, m: number) => units[i].ancestors.slice(-m).join('·');
    let m = 1;
    while (m < depth && new Set(group.map((i) => qualifier(i, m))).size < group.length) m++;
    for (const i of group) if (units[i].ancestors.length) names[i] = `${units[i].name}（${qualifier(i, m)}）`;
  }
  return names;
}
