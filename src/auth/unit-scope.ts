import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Actor } from './actor';

/**
 * Limits a query to the actor's unit subtree, inside SQL: `pathColumn` is a units.path expression of the row's
 * unit. Organisation-wide actors are not limited. This is the one place the subtree condition is written.
 */
export function applyUnitScope<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  actor: Actor,
  pathColumn: string,
): SelectQueryBuilder<T> {
  if (actor.unitScopePath !== null)
    qb.andWhere(`${pathColumn} LIKE :unitScopePrefix`, { unitScopePrefix: `${actor.unitScopePath}%` });
  return qb;
}

/** The same condition for hand-written SQL: returns `[sql, value]` to append with the next parameter number. */
export function unitScopeClause(
  actor: Actor,
  pathColumn: string,
  paramIndex: number,
): { sql: string; params: string[] } {
  if (actor.unitScopePath === null) return { sql: '', params: [] };
  return { sql: ` AND ${pathColumn} LIKE $${paramIndex}`, params: [`${actor.unitScopePath}%`] };
}
