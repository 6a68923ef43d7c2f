import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import { CachedSelect } from '../common/persistence/cached-select';
import type { Tx } from '../common/persistence/transactions';
import { ListUnitsQuery } from './unit.dto';
import { Unit } from './unit.entity';
import { ancestorIds } from './unit-tree';

/** The columns of a new unit (its id taken first with `nextId`, because the path contains it). */
export interface NewUnitRow {
  id: number;
  code: string;
  name: string;
  kind: Unit['kind'];
  parentId: number | null;
  path: string;
  aliases: string[];
}

/** SQL: the ids on the unit `unitId`'s path, top first — its lineage (`lineageOfId` and the composed reads below). */
const lineageIdsSql = (unitId: string) =>
  `string_to_array(trim(both '/' from (SELECT p.path FROM units p WHERE p.id = ${unitId})), '/')::int[]`;

/*
 * Parts of other modules' composed reads (the close-out gate, issue 22; see users.repository.ts): `unitId`, `ids` and
 * `id` are SQL expressions of the composing statement.
 */

/** SQL: the unit `unitId` and the units above it as a JSON array of {path, kind, name}, top first. */
export const unitLineageJsonSql = (unitId: string) =>
  `(SELECT coalesce(json_agg(json_build_object('path', l.path, 'kind', l.kind, 'name', l.name) ORDER BY l.path), '[]')
      FROM units l WHERE l.id = ANY (${lineageIdsSql(unitId)}))`;

/** SQL: the names and then the aliases of the lineages of units `a` and `b`, in path order (a JSON array). */
export const lineageNamesJsonSql = (a: string, b: string) =>
  `(SELECT coalesce(json_agg(n.name ORDER BY ln.path, n.o), '[]')
      FROM units ln CROSS JOIN LATERAL (SELECT 0::bigint AS o, ln.name
                                        UNION ALL SELECT al.o, al.name FROM unnest(ln.aliases) WITH ORDINALITY AS al(name, o)) n
     WHERE ln.id = ANY (${lineageIdsSql(a)} || ${lineageIdsSql(b)}))`;

/**
 * SQL: the names of the units above the unit whose path is `path` (an SQL expression), top first, as text[] — what a
 * chart tells units sharing a name apart by (dashboard rules/secondary-unit.ts `namesApartOnTwins`).
 */
export const ancestorNamesSql = (path: string) =>
  `ARRAY(SELECT an.name FROM units an
          WHERE an.id = ANY (string_to_array(trim(both '/' from ${path}), '/')::int[]) AND ${path} <> an.path
          ORDER BY length(an.path))`;

/** SQL: the unit `id`'s path (null if none). */
export const unitPathSql = (id: string) => `(SELECT pu.path FROM units pu WHERE pu.id = ${id})`;

/** SQL: the names of the units `ids` (an int[] expression) in their order; an id without a unit as itself. */
export const unitNamesJsonSql = (ids: string) =>
  `(SELECT coalesce(json_agg(coalesce(nu.name, x.id::text) ORDER BY x.o), '[]')
      FROM unnest(${ids}) WITH ORDINALITY AS x(id, o) LEFT JOIN units nu ON nu.id = x.id)`;

/** Up to how many ids `findByIds` sends a statement built once (per count) rather than building it again. */
const FEW_IDS = 8;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * The units table (the organisation tree). Besides what UnitsService needs, it answers the lookups other modules
 * make on units: by id(s), by code, a subtree, the company and the 二级单位 above a unit, names for ids.
 */
@Injectable()
export class UnitsRepository {
  /** A unit and its parents, top first (every finding notification reads it: built once, then prepared). */
  private readonly lineage: CachedSelect<Unit>;
  /**
   * Units by a few ids, as `find({ where: { id: In(ids) } })` reads them (same text): one shape per count of ids, up
   * to FEW_IDS — the close-out gate reads the units its sweeps checked and the verifier's unit this way on every call.
   */
  private readonly byFewIds: CachedSelect<Unit>;
  /** One unit by id, as `findOneBy({ id })` reads it (same text): every notification about a unit reads it. */
  private readonly byId: CachedSelect<Unit>;

  constructor(private readonly dataSource: DataSource) {
    this.lineage = new CachedSelect(dataSource, () =>
      dataSource
        .getRepository(Unit)
        .createQueryBuilder('u')
        .where(`u.id = ANY (${lineageIdsSql(':id')})`, { id: 0 })
        .orderBy('u.path', 'ASC'),
    );
    this.byFewIds = new CachedSelect(dataSource, (count) =>
      dataSource.createQueryBuilder(Unit, 'Unit').setFindOptions({
        where: { id: In(Array.from({ length: Number(count) }, () => 0)) },
        order: { path: 'ASC' },
      }),
    );
    this.byId = new CachedSelect(dataSource, () =>
      dataSource.createQueryBuilder(Unit, 'Unit').setFindOptions({ where: { id: 0 }, take: 1 }),
    );
  }

  private repo(tx?: Tx) {
    return (tx ?? this.dataSource.manager).getRepository(Unit);
  }

  /** A page of units in path order, filtered; `scope` limits it to a subtree. */
  list(scope: UnitScope, query: ListUnitsQuery): Promise<[Unit[], number]> {
    const qb = scope.applyTo(this.repo().createQueryBuilder('u'), 'u.path');
    if (query.q) {
      qb.andWhere(
        `(u.name ILIKE :q OR u.code ILIKE :q OR EXISTS (SELECT 1 FROM unnest(u.aliases) a WHERE a ILIKE :q))`,
        { q: `%${escapeLike(query.q)}%` },
      );
    }
    if (query.kind) qb.andWhere('u.kind = :kind', { kind: query.kind });
    if (query.parentId) qb.andWhere('u.parentId = :parentId', { parentId: query.parentId });
    qb.andWhere('u.active = :active', { active: query.active ?? true });
    qb.orderBy('u.path', 'ASC')
      .limit(query.limit ?? 200)
      .offset(query.offset ?? 0);
    return qb.getManyAndCount();
  }

  /** All units inside `scope` in path order (active ones only unless `includeInactive`). */
  treeRows(scope: UnitScope, includeInactive: boolean): Promise<Unit[]> {
    const qb = this.repo().createQueryBuilder('u').orderBy('u.path', 'ASC');
    scope.applyTo(qb, 'u.path');
    if (!includeInactive) qb.andWhere('u.active = true');
    return qb.getMany();
  }

  /** One unit if it lies inside `scope`, optionally locked FOR UPDATE; null otherwise. */
  findInScope(scope: UnitScope, id: number, tx?: Tx, lock = false): Promise<Unit | null> {
    const qb = this.repo(tx).createQueryBuilder('u').where('u.id = :id', { id });
    scope.applyTo(qb, 'u.path');
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  findById(id: number, tx?: Tx): Promise<Unit | null> {
    return this.byId.getOneAt(tx, 'id', [id]);
  }

  findByIdOrFail(id: number, tx?: Tx): Promise<Unit> {
    return this.repo(tx).findOneByOrFail({ id });
  }

  /** The units with these ids (unknown ids are left out), in path order. */
  findByIds(ids: number[], tx?: Tx): Promise<Unit[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return Promise.resolve([]);
    // Longer lists (a subtree's, a report's) keep TypeORM's find: one prepared statement per length would pile up.
    if (unique.length <= FEW_IDS) return this.byFewIds.getManyAt(tx, String(unique.length), unique);
    return this.repo(tx).find({ where: { id: In(unique) }, order: { path: 'ASC' } });
  }

  /** A unit by its code (codes are unique regardless of case). */
  findByCode(code: string, tx?: Tx): Promise<Unit | null> {
    return this.repo(tx).createQueryBuilder('u').where('lower(u.code) = lower(:code)', { code }).getOne();
  }

  /** Whether a code is taken, ignoring case. */
  codeTaken(tx: Tx, code: string): Promise<boolean> {
    return this.repo(tx).createQueryBuilder('u').where('lower(u.code) = lower(:code)', { code }).getExists();
  }

  /** A unit and everything below it (by its path), in path order. */
  subtree(rootPath: string, opts: { activeOnly?: boolean } = {}, tx?: Tx): Promise<Unit[]> {
    const qb = this.repo(tx)
      .createQueryBuilder('u')
      .where('u.path LIKE :p', { p: `${rootPath}%` })
      .orderBy('u.path', 'ASC');
    if (opts.activeOnly) qb.andWhere('u.active');
    return qb.getMany();
  }

  /** The ids of a unit and all units below it (empty when the unit does not exist). */
  async subtreeIds(unitId: number, tx?: Tx): Promise<number[]> {
    const rows: { id: number }[] = await (tx ?? this.dataSource.manager).query(
      `SELECT u.id FROM units u WHERE u.path LIKE (SELECT p.path FROM units p WHERE p.id = $1) || '%' ORDER BY u.path`,
      [unitId],
    );
    return rows.map((r) => r.id);
  }

  /** Which of these unit ids lie inside `scope`. */
  async idsInScope(scope: UnitScope, ids: number[], tx?: Tx): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const qb = this.repo(tx)
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.id IN (:...ids)', { ids: [...new Set(ids)] });
    scope.applyTo(qb, 'u.path');
    return new Set(((await qb.getRawMany()) as { id: number }[]).map((r) => r.id));
  }

  /** The active children of a unit, by id. */
  activeChildren(parentId: number, tx?: Tx): Promise<Unit[]> {
    return this.repo(tx).find({ where: { parentId, active: true }, order: { id: 'ASC' } });
  }

  async countActiveChildren(tx: Tx, unitId: number): Promise<number> {
    const [{ count }]: { count: number }[] = await tx.query(
      `SELECT count(*)::int AS count FROM units WHERE parent_id = $1 AND active`,
      [unitId],
    );
    return count;
  }

  /** A unit by id with the units above it, top down, in one statement (the unit last); empty when there is none. */
  lineageOfId(id: number, tx?: Tx): Promise<Unit[]> {
    return this.lineage.getMany(tx, 'of id', { id });
  }

  /** These units and every unit above them, in path order, in one statement (the 驾驶舱's roll-up to 二级单位). */
  withAncestors(ids: number[], tx?: Tx): Promise<Unit[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo(tx)
      .createQueryBuilder('u')
      .where(
        `u.id = ANY (SELECT DISTINCT unnest(string_to_array(trim(both '/' from p.path), '/')::int[])
                       FROM units p WHERE p.id = ANY (:ids))`,
        { ids: [...new Set(ids)] },
      )
      .orderBy('u.path', 'ASC')
      .getMany();
  }

  /** The company (top of the tree) a unit belongs to; the unit itself for a company. */
  companyOf(unit: Pick<Unit, 'path'>, tx?: Tx): Promise<Unit> {
    return this.findByIdOrFail(ancestorIds(unit.path)[0], tx);
  }

  /** Unit names by id, for labels. */
  async namesByIds(ids: number[], tx?: Tx): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows: { id: number; name: string }[] = await (tx ?? this.dataSource.manager).query(
      `SELECT id, name FROM units WHERE id = ANY($1)`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The next id of the units sequence. */
  async nextId(tx: Tx): Promise<number> {
    const [{ id }]: { id: number }[] = await tx.query(
      `SELECT nextval(pg_get_serial_sequence('units', 'id'))::int AS id`,
    );
    return id;
  }

  /** Inserts a new active unit with an id taken by `nextId` (TypeORM would drop an explicit generated id). */
  async insert(tx: Tx, row: NewUnitRow): Promise<Unit> {
    await tx.query(
      `INSERT INTO units (id, code, name, kind, parent_id, path, aliases, active, version) VALUES ($1, $2, $3, $4, $5, $6, $7, true, 1)`,
      [row.id, row.code, row.name, row.kind, row.parentId, row.path, row.aliases],
    );
    return this.findByIdOrFail(row.id, tx);
  }

  /** Re-roots every unit below `oldPath` (not the unit `exceptId` itself) under `newPath`, in one statement. */
  async reRootSubtree(tx: Tx, oldPath: string, newPath: string, exceptId: number): Promise<void> {
    await tx.query(
      `UPDATE units SET path = $1 || substr(path, length($2) + 1) WHERE path LIKE $3 AND id <> $4`,
      [newPath, oldPath, `${oldPath}%`, exceptId],
    );
  }

  save(tx: Tx, unit: Unit): Promise<Unit> {
    return this.repo(tx).save(unit);
  }
}
