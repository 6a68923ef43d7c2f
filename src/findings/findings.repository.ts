import { Injectable } from '@nestjs/common';
import { DataSource, DeepPartial, In } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import { CachedSelect } from '../common/persistence/cached-select';
import { PreparedUpdate } from '../common/persistence/prepared-writes';
import type { Tx } from '../common/persistence/transactions';
import { Finding, FindingSimilarLink } from './entities/finding.entity';
import { FindingStatus, HazardLevel } from './finding.enums';
import { OPEN_STATUSES, UNIT_OWES_STATUSES } from './rules/open-and-overdue';

/** A similar finding as the detail lists it. */
export interface SimilarFindingRow {
  id: number;
  code: string;
  description: string;
  status: FindingStatus;
  unitName: string;
}

/** What a printout or page names another record's finding by: its code and level (重大 is marked). */
export interface FindingRef {
  id: number;
  code: string;
  level: HazardLevel;
  unitId: number;
}

/** SQL: the ids of the findings linked as similar to the finding `id` (an SQL expression), in either direction. */
export const similarIdsSql = (id: string) =>
  `SELECT similar_to_id FROM finding_similar_links WHERE finding_id = ${id}
                       UNION SELECT finding_id FROM finding_similar_links WHERE similar_to_id = ${id}`;

/*
 * Parts of other modules' composed reads (the close-out gate, issue 22; see users.repository.ts): `id` is an SQL
 * expression of the composing statement.
 */

/**
 * SQL: the findings linked as similar to the finding `id`, either direction, as a JSON array of {code, status,
 * unitPath} (the path: so a reader outside that unit's subtree is not shown the code).
 */
export const linkedFindingsJsonSql = (id: string) =>
  `(SELECT coalesce(json_agg(json_build_object('code', lo.code, 'status', lo.status, 'unitPath', lu.path)
                             ORDER BY lo.code), '[]')
      FROM findings lo JOIN units lu ON lu.id = lo.unit_id WHERE lo.id IN (${similarIdsSql(id)}))`;

/** SQL: the finding `id`'s code, responsible person and leader and unit, as a JSON object (null if none). */
export const findingResponsibleJsonSql = (id: string) =>
  `(SELECT json_build_object('code', rf.code, 'responsiblePerson', rf.responsible_person,
                             'responsibleLeader', rf.responsible_leader, 'unitId', rf.unit_id)
      FROM findings rf WHERE rf.id = ${id})`;

/**
 * SQL: the finding `id` if its unit lies inside `scope` (no row otherwise), with the columns a composed read starts
 * from: id, code, status, unit_id, recurrence_of_id. `scopeParam` is the statement's parameter number for the scope's
 * LIKE pattern, used only when the scope limits (then it takes `scope.sqlCondition`'s params). The same condition as
 * `findInScope`, so a composed read answers "not found" for exactly the findings the lifecycle steps refuse.
 */
export const findingInScopeSql = (scope: UnitScope, id: string, scopeParam: number) =>
  `SELECT sf.id, sf.code, sf.status, sf.unit_id, sf.recurrence_of_id
     FROM findings sf JOIN units su ON su.id = sf.unit_id
    WHERE sf.id = ${id}${scope.sqlCondition('su.path', scopeParam).sql}`;

/** The properties a finding's UPDATE may set (not the id, version, timestamps or generated columns). */
const updatableProperties = (dataSource: DataSource): string[] =>
  dataSource
    .getMetadata(Finding)
    .columns.filter(
      (c) => c.isUpdate && c.isSelect && !c.isPrimary && !c.isVersion && !c.isCreateDate && !c.isUpdateDate,
    )
    .map((c) => c.propertyName);

const inScopeShape = (scope: UnitScope, locked: boolean) => `${scope.queryShape}${locked ? ' locked' : ''}`;
const inScopeParams = (scope: UnitScope, id: number) => ({ id, ...scope.queryParameters });

/** A column value as compared by `save` (arrays, dates and nulls included). */
const comparable = (value: unknown): string => JSON.stringify(value ?? null);

/**
 * Findings, their similar links (同类问题) and their code counters. Changes and locked loads take the transaction
 * first; plain reads take it last and otherwise run on their own connection.
 */
@Injectable()
export class FindingsRepository {
  /**
   * A finding in a scope, as every lifecycle step reads it (both requests of a double submission do): built once per
   * shape (organisation-wide or a subtree; locked or not), then prepared (issue 22).
   */
  private readonly inScope: CachedSelect<Finding>;

  constructor(private readonly dataSource: DataSource) {
    this.updates = new PreparedUpdate(dataSource, Finding, 'version, updated_at');
    this.inScope = new CachedSelect<Finding>(dataSource, (shape) => {
      const qb = dataSource
        .getRepository(Finding)
        .createQueryBuilder('f')
        .innerJoin('f.unit', 'u')
        .where('f.id = :id', { id: 0 });
      if (shape.startsWith('subtree')) UnitScope.ofHome(false, '/').applyTo(qb, 'u.path');
      return shape.endsWith('locked') ? qb.setLock('pessimistic_write', undefined, ['f']) : qb;
    });
  }

  /**
   * The stored values of each finding loaded here in a transaction, so that `save` writes only what changed without
   * reading the row again (TypeORM's save selects it first: one more statement on every lifecycle step, issue 22).
   */
  private readonly loaded = new WeakMap<Finding, Map<string, string>>();
  /** Read from the entity metadata once, on the first load (not on every one). */
  private updatable?: string[];
  /**
   * The UPDATE of a finding's changed columns (version + 1, updated_at now, RETURNING both), built once per set of
   * columns and prepared (issue 22: building it took a lifecycle step's Node CPU on every call).
   */
  private readonly updates: PreparedUpdate<Finding>;

  /** A finding whose unit lies inside the scope, or null. */
  async findInScope(scope: UnitScope, id: number, tx?: Tx): Promise<Finding | null> {
    const finding = await this.inScope.getOne(tx, inScopeShape(scope, false), inScopeParams(scope, id));
    return tx ? this.remember(finding) : finding;
  }

  /** The same, locked FOR UPDATE until `tx` ends (the finding row only). */
  async lockInScope(tx: Tx, scope: UnitScope, id: number): Promise<Finding | null> {
    return this.remember(await this.inScope.getOne(tx, inScopeShape(scope, true), inScopeParams(scope, id)));
  }

  async findById(id: number, tx?: Tx): Promise<Finding | null> {
    const finding = await (tx ?? this.dataSource.manager).getRepository(Finding).findOneBy({ id });
    return tx ? this.remember(finding) : finding;
  }

  /** How many of these ids are findings. */
  countExisting(ids: number[], tx: Tx = this.dataSource.manager): Promise<number> {
    return tx.getRepository(Finding).countBy({ id: In(ids) });
  }

  /** Inserts a new finding and returns it with its generated columns. */
  async insert(tx: Tx, fields: DeepPartial<Finding>): Promise<Finding> {
    const repo = tx.getRepository(Finding);
    return repo.save(repo.create(fields));
  }

  /**
   * Writes the columns changed since the finding was loaded here (version + 1, updated_at now) in one UPDATE, as
   * TypeORM's save would but without its SELECT; nothing when nothing changed. A finding loaded elsewhere goes
   * through TypeORM's save.
   */
  async save(tx: Tx, finding: Finding): Promise<Finding> {
    const stored = this.loaded.get(finding);
    if (!stored || finding.id === undefined) return tx.getRepository(Finding).save(finding);
    // undefined is "not set" (TypeORM leaves such a column out of its UPDATE too).
    const properties = [...stored]
      .filter(([property, value]) => {
        const now = (finding as unknown as Record<string, unknown>)[property];
        return now !== undefined && comparable(now) !== value;
      })
      .map(([property]) => property);
    if (!properties.length) return finding;
    const row = await this.updates.update(tx, finding, properties);
    finding.version = row.version as number;
    finding.updatedAt = row.updated_at as Date;
    this.remember(finding);
    return finding;
  }

  private remember(finding: Finding | null): Finding | null {
    if (finding)
      this.loaded.set(
        finding,
        new Map(
          (this.updatable ??= updatableProperties(this.dataSource)).map((p) => [
            p,
            comparable((finding as unknown as Record<string, unknown>)[p]),
          ]),
        ),
      );
    return finding;
  }

  /** The next number for a code prefix (never reused: the counter only grows, under the row lock of the upsert). */
  async nextCodeNumber(tx: Tx, prefix: string): Promise<number> {
    const [{ last }] = await tx.query(
      `INSERT INTO finding_code_counters (prefix, last) VALUES ($1, 1)
       ON CONFLICT (prefix) DO UPDATE SET last = finding_code_counters.last + 1 RETURNING last`,
      [prefix],
    );
    return last;
  }

  /** A link from a newly registered finding to an existing one. */
  async insertSimilarLink(tx: Tx, findingId: number, similarToId: number, linkedById: number): Promise<void> {
    await tx.getRepository(FindingSimilarLink).insert({ findingId, similarToId, linkedById });
  }

  /** Links the pair unless it is already linked in either direction; true when a link was added. */
  async insertSimilarLinkIfAbsent(
    tx: Tx,
    findingId: number,
    similarToId: number,
    linkedById: number,
  ): Promise<boolean> {
    const added: unknown[] = await tx.query(
      `INSERT INTO finding_similar_links (finding_id, similar_to_id, linked_by_id) SELECT $1, $2, $3
        WHERE NOT EXISTS (SELECT 1 FROM finding_similar_links WHERE (finding_id = $1 AND similar_to_id = $2) OR (finding_id = $2 AND similar_to_id = $1))
       RETURNING id`,
      [findingId, similarToId, linkedById],
    );
    return added.length > 0;
  }

  /** Similar findings in both directions whose unit lies inside the scope, by code. */
  similarInScope(scope: UnitScope, id: number): Promise<SimilarFindingRow[]> {
    const condition = scope.sqlCondition('u.path', 2);
    return this.dataSource.query(
      `SELECT f.id, f.code, f.description, f.status, u.name AS "unitName"
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.id IN (${similarIdsSql('$1')})${condition.sql}
        ORDER BY f.code`,
      [id, ...condition.params],
    );
  }

  /** Code and level of the findings by id whose unit lies inside the scope; the others are left out. */
  async refsInScope(
    scope: UnitScope,
    ids: number[],
    tx: Tx = this.dataSource.manager,
  ): Promise<Map<number, FindingRef>> {
    if (!ids.length) return new Map();
    const condition = scope.sqlCondition('u.path', 2);
    const rows: FindingRef[] = await tx.query(
      `SELECT f.id, f.code, f.level, f.unit_id AS "unitId" FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.id = ANY($1)${condition.sql}`,
      [[...new Set(ids)], ...condition.params],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** The ids of the findings with these codes whose unit lies inside the scope, by code; the others are left out. */
  async idsByCodesInScope(scope: UnitScope, codes: string[]): Promise<Map<string, number>> {
    if (!codes.length) return new Map();
    const condition = scope.sqlCondition('u.path', 2);
    const rows: { id: number; code: string }[] = await this.dataSource.query(
      `SELECT f.id, f.code FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.code = ANY($1)${condition.sql}`,
      [[...new Set(codes)], ...condition.params],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** The codes of findings by id, whatever the caller's scope. */
  async codesByIds(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const found = await this.dataSource.getRepository(Finding).findBy({ id: In([...new Set(ids)]) });
    return new Map(found.map((f) => [f.id, f.code]));
  }

  /**
   * Whether a unit subtree had reported the problem itself before `findingId` was registered: a SELF_CHECK finding
   * (not cancelled, other than `findingId`) under `unitPath`, found on or before `foundOnOrBefore`, created before
   * `createdBefore`, and linked as similar (either direction) to `findingId` or `similarToId` (the 举一反三 rule).
   */
  async hasEarlierSelfCheckLinked(
    tx: Tx,
    q: {
      findingId: number;
      similarToId: number;
      unitPath: string;
      foundOnOrBefore: string;
      createdBefore: Date;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT sc.code FROM findings sc JOIN units scu ON scu.id = sc.unit_id
        WHERE sc.source = 'SELF_CHECK' AND sc.id <> $1 AND scu.path LIKE $2 AND sc.status <> $5
          AND sc.found_date <= $3 AND sc.created_at < $4
          AND EXISTS (SELECT 1 FROM finding_similar_links l
                       WHERE (l.finding_id = sc.id AND l.similar_to_id IN ($1, $6)) OR (l.similar_to_id = sc.id AND l.finding_id IN ($1, $6)))
        LIMIT 1`,
      [
        q.findingId,
        `${q.unitPath}%`,
        q.foundOnOrBefore,
        q.createdBefore,
        FindingStatus.CANCELLED,
        q.similarToId,
      ],
    );
    return rows.length > 0;
  }

  /** Open findings (OPEN_STATUSES) of a unit and every unit below it. */
  async countOpenInSubtree(tx: Tx, unitPath: string): Promise<number> {
    const [{ n }]: { n: number }[] = await tx.query(
      `SELECT count(*)::int AS n FROM findings f JOIN units u ON u.id = f.unit_id WHERE u.path LIKE $1 AND f.status = ANY($2)`,
      [`${unitPath}%`, OPEN_STATUSES],
    );
    return n;
  }

  /** Up to `limit` findings after `afterId` (in id order) as they are now, for `audit:verify --deep`. */
  auditStates(afterId: number, limit: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT id, code, status, deadline, unit_id, level FROM findings WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }

  /** Findings the unit still owes (ASSIGNED, RECTIFYING) with a deadline on or before `upTo`: the reminder ladder's. */
  owingWithDeadlineUpTo(upTo: string, tx?: Tx): Promise<{ id: number; unitId: number; deadline: string }[]> {
    return (tx ?? this.dataSource.manager).query(
      `SELECT id, unit_id AS "unitId", to_char(deadline, 'YYYY-MM-DD') AS deadline
         FROM findings WHERE status = ANY($1) AND deadline <= $2 ORDER BY deadline, id`,
      [UNIT_OWES_STATUSES, upTo],
    );
  }
}
