import { Injectable } from '@nestjs/common';
import { DataSource, EntityNotFoundError, In } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import { CachedSelect } from '../common/persistence/cached-select';
import { preparedStatement } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import type { ListAssessmentsQuery } from './assessment.dto';
import { Assessment } from './assessment.entities';
import { AssessmentReason } from './assessment.enums';

/** The columns of a new assessment a rule creates (see AssessmentsService.createAutomatic). */
export interface AutomaticAssessmentRow {
  unitId: number;
  personNames: string[];
  reason: Assessment['reason'];
  points: number | null;
  text: string;
  sourceType: string;
  sourceId: number;
  findingId: number | null;
  assessedOn: string;
  latenessDeadline: string | null;
}

/** The assessments table (`assessments`, 考核): every read and write of assessments. */
@Injectable()
export class AssessmentsRepository {
  /** One assessment by id, as `findOneBy({ id })` reads it (same text): read back after every rule's insert. */
  private readonly byId: CachedSelect<Assessment>;

  constructor(private readonly dataSource: DataSource) {
    this.byId = new CachedSelect(dataSource, () =>
      dataSource.createQueryBuilder(Assessment, 'Assessment').setFindOptions({ where: { id: 0 }, take: 1 }),
    );
  }

  /**
   * Inserts a rule's assessment unless one for the same cause (reason + source + unit) exists, or — for a finding's
   * lateness — one for the same finding and deadline; returns its id, or null when it already existed.
   */
  async insertOncePerCause(tx: Tx, a: AutomaticAssessmentRow): Promise<number | null> {
    const { rows } = await preparedStatement<{ id: number }>(
      tx,
      `INSERT INTO assessments (unit_id, person_names, reason, points, amount_yuan, text, source_type, source_id, finding_id, assessed_on, lateness_deadline, created_by_id)
       VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, $10, NULL)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        a.unitId,
        a.personNames,
        a.reason,
        a.points,
        a.text,
        a.sourceType,
        a.sourceId,
        a.findingId,
        a.assessedOn,
        a.latenessDeadline,
      ],
    );
    return rows.length ? rows[0].id : null;
  }

  /** Whether a finding's lateness was already assessed (OVERDUE or LATE_RECTIFICATION, by a rule or by hand). */
  latenessAssessed(tx: Tx, findingId: number): Promise<boolean> {
    return tx.getRepository(Assessment).existsBy({
      findingId,
      reason: In([AssessmentReason.OVERDUE, AssessmentReason.LATE_RECTIFICATION]),
    });
  }

  /** Of these findings, the deadlines whose lateness is assessed (by a rule), as `findingId:deadline` keys. */
  async latenessKeys(tx: Tx, findingIds: number[]): Promise<Set<string>> {
    const rows: { key: string }[] = await tx.query(
      `SELECT finding_id || ':' || to_char(lateness_deadline, 'YYYY-MM-DD') AS key
         FROM assessments WHERE finding_id = ANY($1) AND lateness_deadline IS NOT NULL`,
      [findingIds],
    );
    return new Set(rows.map((r) => r.key));
  }

  async getById(tx: Tx, id: number): Promise<Assessment> {
    const found = await this.byId.getOneAt(tx, 'id', [id]);
    if (!found) throw new EntityNotFoundError(Assessment, { id });
    return found;
  }

  /** A new assessment object (not yet saved). */
  build(values: Partial<Assessment>): Assessment {
    return this.dataSource.getRepository(Assessment).create(values);
  }

  save(tx: Tx, a: Assessment): Promise<Assessment> {
    return tx.getRepository(Assessment).save(a);
  }

  /**
   * A page of assessments in the scope (a unit filter takes its whole subtree), newest first, each with its unit's
   * name, and the total.
   */
  async list(
    scope: UnitScope,
    q: ListAssessmentsQuery,
  ): Promise<{ items: { assessment: Assessment; unitName: string | undefined }[]; total: number }> {
    const qb = this.dataSource
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .innerJoin('units', 'u', 'u.id = a.unitId')
      .addSelect('u.name', 'unit_name');
    scope.applyTo(qb, 'u.path');
    if (q.unitId)
      qb.andWhere(`u.path LIKE (SELECT p.path FROM units p WHERE p.id = :unitId) || '%'`, {
        unitId: q.unitId,
      });
    if (q.reason) qb.andWhere('a.reason = :reason', { reason: q.reason });
    if (q.from) qb.andWhere('a.assessedOn >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.assessedOn <= :to', { to: q.to });
    if (q.findingId) qb.andWhere('a.findingId = :fid', { fid: q.findingId });
    if (q.noticeId) qb.andWhere('a.noticeId = :nid', { nid: q.noticeId });
    qb.orderBy('a.assessedOn', 'DESC').addOrderBy('a.id', 'DESC');
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .getRawAndEntities();
    const names = new Map((raw as { a_id: number; unit_name: string }[]).map((r) => [r.a_id, r.unit_name]));
    return { items: entities.map((a) => ({ assessment: a, unitName: names.get(a.id) })), total };
  }

  /** These assessments, locked for the change. */
  lockByIds(tx: Tx, ids: number[]): Promise<Assessment[]> {
    return tx.getRepository(Assessment).find({ where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } });
  }

  async assignToNotice(tx: Tx, ids: number[], noticeId: number): Promise<void> {
    await tx.getRepository(Assessment).update({ id: In(ids) }, { noticeId });
  }

  /** A notice's assessments with their unit and finding code, in unit tree order. */
  ofNotice(noticeId: number, tx: Tx = this.dataSource.manager): Promise<Record<string, unknown>[]> {
    return tx.query(
      `SELECT a.id, a.reason, a.points, a.amount_yuan AS "amountYuan", a.text, a.person_names AS "personNames", a.assessed_on AS "assessedOn",
              u.id AS "unitId", u.name AS "unitName", f.code AS "findingCode"
         FROM assessments a JOIN units u ON u.id = a.unit_id LEFT JOIN findings f ON f.id = a.finding_id
        WHERE a.notice_id = $1 ORDER BY u.path, a.id`,
      [noticeId],
    );
  }
}
