import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { CachedSelect } from '../common/persistence/cached-select';
import type { Tx } from '../common/persistence/transactions';
import type { ListRoundsQuery } from './round.dto';
import { AuditRound } from './round.entity';
import { RoundKind } from './round.enums';

/** The rounds table (`rounds`): every read and write of audit rounds. */
@Injectable()
export class RoundsRepository {
  private readonly byId: CachedSelect<AuditRound>;

  constructor(private readonly dataSource: DataSource) {
    this.byId = new CachedSelect(dataSource, () =>
      dataSource.createQueryBuilder(AuditRound, 'AuditRound').setFindOptions({ where: { id: 0 }, take: 1 }),
    );
  }

  /**
   * Rounds the actor may see. Unit users see the rounds of their own company (the audited company is an ancestor
   * of their unit) and rounds of companies inside their subtree; organisation-wide users see all.
   */
  private visibleTo(actor: Actor, tx: Tx = this.dataSource.manager) {
    const qb = tx
      .getRepository(AuditRound)
      .createQueryBuilder('r')
      .innerJoin('units', 'cu', 'cu.id = r.companyUnitId');
    const scope = UnitScope.of(actor);
    if (!scope.isOrganisationWide) {
      qb.andWhere(`(:homePath LIKE cu.path || '%' OR cu.path LIKE :scopePrefix)`, {
        homePath: actor.homeUnitPath ?? '/none/',
        scopePrefix: scope.likePattern,
      });
    }
    return qb;
  }

  /** A page of the rounds the actor may see, newest first, with the total. */
  async list(actor: Actor, q: ListRoundsQuery): Promise<{ items: AuditRound[]; total: number }> {
    const qb = this.visibleTo(actor).addSelect(['cu.name', 'cu.code']);
    if (q.kind) qb.andWhere('r.kind = :kind', { kind: q.kind });
    if (q.domain) qb.andWhere('r.domain = :domain', { domain: q.domain });
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.companyUnitId) qb.andWhere('r.companyUnitId = :cid', { cid: q.companyUnitId });
    qb.orderBy('r.startDate', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /** A round the actor may see (locked for the change when `lock`), or null. */
  findVisible(actor: Actor, id: number, tx?: Tx, lock = false): Promise<AuditRound | null> {
    const qb = this.visibleTo(actor, tx).andWhere('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['r']);
    return qb.getOne();
  }

  /** A round by id (read by every finding notification: built once, then prepared — CachedSelect). */
  findById(id: number, tx?: Tx): Promise<AuditRound | null> {
    return this.byId.getOneAt(tx, 'id', [id]);
  }

  /** The rounds of an audited company, whatever the caller's scope, oldest first. */
  findByCompany(companyUnitId: number): Promise<AuditRound[]> {
    return this.dataSource.getRepository(AuditRound).find({ where: { companyUnitId }, order: { id: 'ASC' } });
  }

  findByIds(ids: number[], tx: Tx = this.dataSource.manager): Promise<AuditRound[]> {
    if (!ids.length) return Promise.resolve([]);
    return tx.getRepository(AuditRound).findBy({ id: In(ids) });
  }

  /**
   * The SPECIAL round of this name for a company, or null — after taking a transaction-long lock on the name, so
   * concurrent callers that create it when missing create it once.
   */
  async lockSpecialRound(tx: Tx, name: string, companyUnitId: number): Promise<AuditRound | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`rectify:special-round:${name}`]);
    return tx.getRepository(AuditRound).findOneBy({ name, companyUnitId, kind: RoundKind.SPECIAL });
  }

  /** A new round object (not yet saved). */
  build(values: Partial<AuditRound>): AuditRound {
    return this.dataSource.getRepository(AuditRound).create(values);
  }

  save(tx: Tx, round: AuditRound): Promise<AuditRound> {
    return tx.getRepository(AuditRound).save(round);
  }

  /** Up to `limit` rounds after `afterId` (in id order) as they are now, for `audit:verify --deep`. */
  auditStates(afterId: number, limit: number): Promise<Record<string, unknown>[]> {
    return this.dataSource.query(
      `SELECT id, name, status, company_unit_id, start_date, end_date FROM rounds WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }
}
