import { UNIT_TIER, UnitKind } from './unit-kind';

/** Plain rules of the unit tree, tested on their own. */

export const childPath = (parentPath: string | null, id: number) => `${parentPath ?? '/'}${id}/`;

/** A move would make a cycle when the new parent is the unit itself or lies inside its subtree. */
export const moveMakesCycle = (unitPath: string, newParentPath: string) => newParentPath.startsWith(unitPath);

/** The parent's tier must be above the child's (a company above a 二级单位, above a 车间/工区, above a 班组). */
export function kindFitsUnder(childKind: UnitKind, parentKind: UnitKind | null): boolean {
  if (parentKind === null) return childKind === UnitKind.COMPANY;
  return UNIT_TIER[childKind] > UNIT_TIER[parentKind];
}

export interface TreeNode<T> {
  unit: T;
  children: TreeNode<T>[];
}

/** Builds nested nodes from rows sorted by anything; roots are rows whose parent is not among the rows. */
export function buildTree<T extends { id: number; parentId: number | null }>(
  rows: T[],
): (T & { children: unknown[] })[] {
  const byId = new Map<number, T & { children: unknown[] }>();
  for (const row of rows) byId.set(row.id, { ...row, children: [] });
  const roots: (T & { children: unknown[] })[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId !== null ? byId.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The ids on a materialised path, from the top: `/1/4/17/` → [1, 4, 17]. */
export const ancestorIds = (path: string): number[] => path.split('/').filter(Boolean).map(Number);
