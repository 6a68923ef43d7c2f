import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, SYSTEM_ACTOR } from '../common/access/actor';
import { applyUnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { Unit } from '../org/unit.entity';
import { CreateAssessmentDto, CreateNoticeDto, ListAssessmentsQuery } from './assessment.dto';
import { Assessment, Notice } from './assessment.entities';
import { ASSESSMENT_REASON_LABEL, AssessmentReason } from './assessment.enums';

/** Points a rule gives by default (the safety office may add money or change them by hand). */
export const DEFAULT_POINTS: Record<AssessmentReason, number | null> = {
  LATE_RECTIFICATION: 2,
  FAILED_VERIFICATION: 2,
  RECURRENCE: 5,
  COMPANY_FOUND_SIMILAR: 3,
  MISSING_WEEKLY_REPORT: 2,
  LATE_WEEKLY_REPORT: 1,
  OTHER: null,
};

export interface AutomaticAssessment {
  unitId: number;
  reason: AssessmentReason;
  text: string;
  sourceType: string;
  sourceId: number;
  findingId?: number | null;
  personNames?: string[];
  assessedOn?: string;
}

/** Called when two findings are linked as similar (in the linking transaction); rules register themselves. */
export type SimilarLinkHandler = (m: EntityManager, findingId: number, similarToId: number) => Promise<void>;

@Injectable()
export class AssessmentsService {
  private readonly similarLinkHandlers: SimilarLinkHandler[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  registerSimilarLinkHandler(handler: SimilarLinkHandler): void {
    this.similarLinkHandlers.push(handler);
  }

  /** Runs the rules that care about a new similar link (the 举一反三 rule of the weekly reports). */
  async similarLinked(m: EntityManager, findingId: number, similarToId: number): Promise<void> {
    for (const handler of this.similarLinkHandlers) await handler(m, findingId, similarToId);
  }

  /**
   * An assessment a rule creates, in the caller's transaction. Idempotent per cause (reason + source + unit), so a
   * rule that runs twice (a retried job, two instances) creates it once. Returns null when it already existed.
   */
  async createAutomatic(m: EntityManager, a: AutomaticAssessment): Promise<Assessment | null> {
    const rows: { id: number }[] = await m.query(
      `INSERT INTO assessments (unit_id, person_names, reason, points, amount_yuan, text, source_type, source_id, finding_id, assessed_on, created_by_id)
       VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, NULL)
       ON CONFLICT (reason, source_type, source_id, unit_id) WHERE source_id IS NOT NULL DO NOTHING RETURNING id`,
      [
        a.unitId,
        a.personNames ?? [],
        a.reason,
        DEFAULT_POINTS[a.reason],
        a.text,
        a.sourceType,
        a.sourceId,
        a.findingId ?? null,
        a.assessedOn ?? this.clock.today(),
      ],
    );
    if (!rows.length) return null;
    const created = await m.getRepository(Assessment).findOneByOrFail({ id: rows[0].id });
    await this.audit.record(m, SYSTEM_ACTOR, {
      action: 'ASSESSMENT_CREATED',
      entityType: 'Assessment',
      entityId: created.id,
      unitId: created.unitId,
      after: this.snapshot(created),
    });
    return created;
  }

  async createManual(actor: Actor, dto: CreateAssessmentDto): Promise<Assessment> {
    if (dto.points === undefined && dto.amountYuan === undefined) {
      throw validationFailed([
        { field: 'points', messages: ['考核分和考核金额至少填一项 / Give points, an amount or both'] },
      ]);
    }
    return this.dataSource.transaction(async (m) => {
      const unit = await m.getRepository(Unit).findOneBy({ id: dto.unitId });
      if (!unit) throw validationFailed([{ field: 'unitId', messages: ['单位不存在 / No such unit'] }]);
      const row = m.getRepository(Assessment).create({
        unitId: dto.unitId,
        personNames: dto.personNames ?? [],
        reason: dto.reason,
        points: dto.points ?? null,
        amountYuan: dto.amountYuan ?? null,
        text: dto.text,
        sourceType: null,
        sourceId: null,
        findingId: dto.findingId ?? null,
        assessedOn: dto.assessedOn ?? this.clock.today(),
        createdById: actor.id,
        noticeId: null,
      });
      await m.getRepository(Assessment).save(row);
      await this.audit.record(m, actor, {
        action: 'ASSESSMENT_CREATED',
        entityType: 'Assessment',
        entityId: row.id,
        unitId: row.unitId,
        after: this.snapshot(row),
      });
      return row;
    });
  }

  async list(actor: Actor, q: ListAssessmentsQuery) {
    const qb = this.dataSource
      .getRepository(Assessment)
      .createQueryBuilder('a')
      .innerJoin(Unit, 'u', 'u.id = a.unitId')
      .addSelect('u.name', 'unit_name');
    applyUnitScope(qb, actor, 'u.path');
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
    return {
      items: entities.map((a) => ({
        ...a,
        unitName: names.get(a.id),
        reasonLabel: ASSESSMENT_REASON_LABEL[a.reason],
      })),
      total,
    };
  }

  async createNotice(actor: Actor, dto: CreateNoticeDto) {
    return this.dataSource.transaction(async (m) => {
      const found = await m
        .getRepository(Assessment)
        .find({ where: { id: In(dto.assessmentIds) }, lock: { mode: 'pessimistic_write' } });
      if (found.length !== dto.assessmentIds.length)
        throw validationFailed([
          { field: 'assessmentIds', messages: ['部分考核记录不存在 / Some assessments do not exist'] },
        ]);
      const taken = found.filter((a) => a.noticeId !== null);
      if (taken.length)
        throw conflict(
          'ASSESSMENT_ALREADY_NOTIFIED',
          `考核记录 ${taken.map((a) => a.id).join('、')} 已列入其他通报 / Already in another notice`,
        );
      const notice = await m.getRepository(Notice).save(
        m.getRepository(Notice).create({
          title: dto.title,
          documentNumber: dto.documentNumber ?? null,
          body: dto.body,
          status: 'DRAFT',
          publishedOn: null,
          createdById: actor.id,
        }),
      );
      await m.getRepository(Assessment).update({ id: In(dto.assessmentIds) }, { noticeId: notice.id });
      await this.audit.record(m, actor, {
        action: 'NOTICE_CREATED',
        entityType: 'Notice',
        entityId: notice.id,
        unitId: null,
        after: {
          title: notice.title,
          documentNumber: notice.documentNumber,
          assessmentIds: dto.assessmentIds,
        },
      });
      return this.getNotice(actor, notice.id, m);
    });
  }

  async publishNotice(actor: Actor, id: number) {
    return this.dataSource.transaction(async (m) => {
      const notice = await m
        .getRepository(Notice)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!notice) throw notFound('通报 / Notice', id);
      if (notice.status === 'PUBLISHED') throw conflict('NOTICE_PUBLISHED', '通报已发布 / Already published');
      notice.status = 'PUBLISHED';
      notice.publishedOn = this.clock.today();
      await m.getRepository(Notice).save(notice);
      await this.audit.record(m, actor, {
        action: 'NOTICE_PUBLISHED',
        entityType: 'Notice',
        entityId: id,
        unitId: null,
        before: { status: 'DRAFT' },
        after: { status: 'PUBLISHED', publishedOn: notice.publishedOn },
      });
      return this.getNotice(actor, id, m);
    });
  }

  /** Drafts are the safety office's; published notices are for everyone who reads findings. */
  async listNotices(actor: Actor) {
    const where = this.canSeeDrafts(actor) ? {} : { status: 'PUBLISHED' as const };
    const items = await this.dataSource.getRepository(Notice).find({ where, order: { id: 'DESC' } });
    return { items, total: items.length };
  }

  async getNotice(actor: Actor, id: number, m: EntityManager = this.dataSource.manager) {
    const notice = await m.getRepository(Notice).findOneBy({ id });
    if (!notice || (notice.status === 'DRAFT' && !this.canSeeDrafts(actor)))
      throw notFound('通报 / Notice', id);
    const assessments: Record<string, unknown>[] = await m.query(
      `SELECT a.id, a.reason, a.points, a.amount_yuan AS "amountYuan", a.text, a.person_names AS "personNames", a.assessed_on AS "assessedOn",
              u.id AS "unitId", u.name AS "unitName", f.code AS "findingCode"
         FROM assessments a JOIN units u ON u.id = a.unit_id LEFT JOIN findings f ON f.id = a.finding_id
        WHERE a.notice_id = $1 ORDER BY u.path, a.id`,
      [id],
    );
    return {
      ...notice,
      assessments: assessments.map((a) => ({
        ...a,
        reasonLabel: ASSESSMENT_REASON_LABEL[a.reason as AssessmentReason],
      })),
    };
  }

  private canSeeDrafts(actor: Actor) {
    return actor.roles.some((r) =>
      ['SAFETY_OFFICE', 'SUPERVISOR', 'SUPERVISION_LEADER', 'ADMIN'].includes(r),
    );
  }

  private snapshot(a: Assessment) {
    return {
      unitId: a.unitId,
      personNames: a.personNames,
      reason: a.reason,
      points: a.points,
      amountYuan: a.amountYuan,
      text: a.text,
      sourceType: a.sourceType,
      sourceId: a.sourceId,
      findingId: a.findingId,
      assessedOn: a.assessedOn,
    };
  }
}
