import { UNIT_TIER, type UnitKind } from '../../org/unit-kind';

/** A unit of the responsible unit's lineage: the unit itself and its ancestors (in any order). */
export interface LineageUnit {
  path: string;
  kind: UnitKind;
}

/**
 * The subtree the verifier must stay out of: the 二级单位 that owns the finding's unit (its officer and head
 * rectify the finding, its 工区 are siblings of the responsible one), or the unit itself when it is second-level —
 * or above, for a finding assigned to a company itself or to a unit placed directly under it.
 */
export function responsibleSubtreePath(lineage: readonly LineageUnit[]): string {
  const topDown = [...lineage].sort((a, b) => a.path.length - b.path.length);
  return (topDown.find((u) => UNIT_TIER[u.kind] === 2) ?? topDown[topDown.length - 1]).path;
}

/**
 * 复查人独立: whoever verifies a finding (复查) must not belong to the responsible 二级单位's subtree. Units carry a
 * materialised path (`/1/5/21/`), so belonging is a path prefix. Company-level people and departments (安全环保健康部
 * etc., their own 二级单位) are outside it; a verifier with no home unit (null) is outside every unit. Used when a
 * verification is recorded and by rule 1 of the close-out gate.
 */
export function isIndependentVerifier(
  verifierUnitPath: string | null,
  responsibleLineage: readonly LineageUnit[],
): boolean {
  return !verifierUnitPath || !verifierUnitPath.startsWith(responsibleSubtreePath(responsibleLineage));
}
