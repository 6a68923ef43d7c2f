import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** What the scope needs of an actor (kept structural so this file imports nothing of ours). */
export interface ScopedActor {
  unitScopePath: string | null;
}

/**
 * The unit-subtree rule (DOMAIN.md §7): a unit role sees and changes only its home unit's subtree; organisation-wide
 * roles are not limited. This file is the one place the rule is written — in memory, for the query builder and for
 * hand-written SQL. Units carry a materialised path (`/1/5/21/`), so "inside the subtree" is a path prefix.
 * `npm run lint` refuses `unitScopePath` anywhere else (see .lint/architecture.mjs).
 */
export class UnitScope {
  private constructor(
    /** The subtree's path prefix, or null for the whole organisation. */
    readonly pathPrefix: string | null,
  ) {}

  static of(actor: ScopedActor): UnitScope {
    return new UnitScope(actor.unitScopePath);
  }

  static readonly ORGANISATION = new UnitScope(null);

  /** The scope of a user who is not the caller (e.g. a notification's recipient): its home subtree unless org-wide. */
  static ofHome(organisationWide: boolean, homeUnitPath: string | null): UnitScope {
    return new UnitScope(organisationWide ? null : (homeUnitPath ?? '/none/'));
  }

  get isOrganisationWide(): boolean {
    return this.pathPrefix === null;
  }

  /** Whether a unit (by its materialised path) lies inside the scope. */
  includesPath(unitPath: string): boolean {
    return this.pathPrefix === null || unitPath.startsWith(this.pathPrefix);
  }

  /** Limits a query builder: `pathColumn` is a units.path expression of the row's unit. */
  applyTo<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, pathColumn: string): SelectQueryBuilder<T> {
    if (this.pathPrefix !== null) qb.andWhere(`${pathColumn} LIKE :unitScopePrefix`, this.queryParameters);
    return qb;
  }

  /**
   * The parameters `applyTo` gives its condition: for a query built once per shape (organisation-wide or a subtree)
   * and run again with another scope's values (CachedSelect).
   */
  get queryParameters(): Record<string, string> {
    return this.pathPrefix === null ? {} : { unitScopePrefix: `${this.pathPrefix}%` };
  }

  /** Which of the two shapes `applyTo` gives a query (the key of a query built once per shape, with queryParameters). */
  get queryShape(): 'organisation' | 'subtree' {
    return this.pathPrefix === null ? 'organisation' : 'subtree';
  }

  /**
   * The same limit by the row's unit id, without joining units: the id is one of the subtree's units, which
   * PostgreSQL reads once per statement (`ARRAY(…)`). For queries that need no other unit column (the finding list's
   * page of ids).
   */
  applyToUnitIds<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    unitIdColumn: string,
  ): SelectQueryBuilder<T> {
    if (this.pathPrefix !== null)
      qb.andWhere(`${unitIdColumn} = ANY (${UnitScope.unitIdsLike(':unitScopePrefix')})`, {
        unitScopePrefix: `${this.pathPrefix}%`,
      });
    return qb;
  }

  /** SQL: the ids of the units whose path matches the LIKE pattern `pattern` (an SQL expression), as an array. */
  static unitIdsLike(pattern: string): string {
    return `ARRAY(SELECT s.id FROM units s WHERE s.path LIKE ${pattern})`;
  }

  /** The same condition for hand-written SQL: ` AND <path> LIKE $n` and its value, appended at parameter `paramIndex`. */
  sqlCondition(pathColumn: string, paramIndex: number): { sql: string; params: string[] } {
    if (this.pathPrefix === null) return { sql: '', params: [] };
    return { sql: ` AND ${pathColumn} LIKE $${paramIndex}`, params: [`${this.pathPrefix}%`] };
  }

  /**
   * SQL, the other way round: whether the subtree of a home unit (`homePathColumn`, a units.path expression; NULL
   * for none) holds the unit whose path is `unitPath` (an SQL expression). The SQL form of `ofHome(false, home)
   * .includesPath(unitPath)`, for narrowing the users a unit's news may reach before the rule picks among them.
   */
  static homeHoldsSql(homePathColumn: string, unitPath: string): string {
    return `${unitPath} LIKE ${homePathColumn} || '%'`;
  }

  /** The LIKE pattern of the subtree, for callers that bind it themselves (null: no limit). */
  get likePattern(): string | null {
    return this.pathPrefix === null ? null : `${this.pathPrefix}%`;
  }
}

/** Shorthands for `UnitScope.of(actor).applyTo(…)` / `.sqlCondition(…)`. */
export const applyUnitScope = <T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  actor: ScopedActor,
  pathColumn: string,
): SelectQueryBuilder<T> => UnitScope.of(actor).applyTo(qb, pathColumn);

export const unitScopeClause = (actor: ScopedActor, pathColumn: string, paramIndex: number) =>
  UnitScope.of(actor).sqlCondition(pathColumn, paramIndex);
