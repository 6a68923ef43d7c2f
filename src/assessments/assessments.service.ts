import { Injectable } from '@nestjs/common';
import { Actor, SYSTEM_ACTOR } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { UnitsService } from '../org/units.service';
import { CreateAssessmentDto, CreateNoticeDto, ListAssessmentsQuery } from './assessment.dto';
import { Assessment } from './assessment.entities';
import { ASSESSMENT_REASON_LABEL, AssessmentReason } from './assessment.enums';
import { AssessmentsRepository } from './assessments.repository';
import { NoticesRepository } from './notices.repository';
import { AssessmentCreated, NoticePublished } from './assessments.events';

/** Points a rule gives by default (the safety office may add money or change them by hand). */
export const DEFAULT_POINTS: Record<AssessmentReason, number | null> = {
  LATE_RECTIFICATION: 2,
  OVERDUE: 2,
  FAILED_VERIFICATION: 2,
  RECURRENCE: 5,
  COMPANY_FOUND_SIMILAR: 3,
  MISSING_WEEKLY_REPORT: 2,
  LATE_WEEKLY_REPORT: 1,
  OTHER: null,
};

/** A finding's lateness: assessed once, by a rule or by hand (rules in src/findings/rules/lateness.ts). */
const LATENESS_REASONS = [AssessmentReason.OVERDUE, AssessmentReason.LATE_RECTIFICATION];

export interface AutomaticAssessment {
  unitId: number;
  reason: AssessmentReason;
  text: string;
  sourceType: string;
  sourceId: number;
  findingId?: number | null;
  personNames?: string[];
  assessedOn?: string;
  /** A finding's lateness: the deadline it is late against (assessed once per finding and deadline). */
  latenessDeadline?: string;
}

@Injectable()
export class AssessmentsService {
  constructor(
    private readonly assessments: AssessmentsRepository,
    private readonly notices: NoticesRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly units: UnitsService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * An assessment a rule creates, in the caller's transaction. Idempotent per cause (reason + source + unit), so a
   * rule that runs twice (a retried job, two instances) creates it once, and a finding's lateness is assessed once
   * per deadline (OVERDUE or LATE_RECTIFICATION, whichever comes first). Returns null when it already existed.
   */
  async createAutomatic(tx: Tx, a: AutomaticAssessment): Promise<Assessment | null> {
    const id = await this.assessments.insertOncePerCause(tx, {
      unitId: a.unitId,
      personNames: a.personNames ?? [],
      reason: a.reason,
      points: DEFAULT_POINTS[a.reason],
      text: a.text,
      sourceType: a.sourceType,
      sourceId: a.sourceId,
      findingId: a.findingId ?? null,
      assessedOn: a.assessedOn ?? this.clock.today(),
      latenessDeadline: a.latenessDeadline ?? null,
    });
    if (id === null) return null;
    const created = await this.assessments.getById(tx, id);
    await this.audit.record(tx, SYSTEM_ACTOR, {
      action: 'ASSESSMENT_CREATED',
      entityType: 'Assessment',
      entityId: created.id,
      unitId: created.unitId,
      after: this.snapshot(created),
    });
    await this.announceCreated(tx, created);
    return created;
  }

  /** Of these findings, the deadlines whose lateness a rule has assessed, as `findingId:deadline` keys. */
  latenessAssessed(tx: Tx, findingIds: number[]): Promise<Set<string>> {
    return this.assessments.latenessKeys(tx, findingIds);
  }

  async createManual(actor: Actor, dto: CreateAssessmentDto): Promise<Assessment> {
    if (dto.points === undefined && dto.amountYuan === undefined) {
      throw validationFailed([
        { field: 'points', messages: ['考核分和考核金额至少填一项 / Give points, an amount or both'] },
      ]);
    }
    return this.transactions.run(async (tx) => {
      const [unit] = await this.units.findByIds([dto.unitId], tx);
      if (!unit) throw validationFailed([{ field: 'unitId', messages: ['单位不存在 / No such unit'] }]);
      if (
        dto.findingId !== undefined &&
        LATENESS_REASONS.includes(dto.reason) &&
        (await this.assessments.latenessAssessed(tx, dto.findingId))
      )
        throw conflict(
          'LATENESS_ALREADY_ASSESSED',
          '该问题的超期已考核过，同一超期只考核一次 / This finding’s lateness has already been assessed',
          { findingId: dto.findingId },
        );
      const row = this.assessments.build({
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
      await this.assessments.save(tx, row);
      await this.audit.record(tx, actor, {
        action: 'ASSESSMENT_CREATED',
        entityType: 'Assessment',
        entityId: row.id,
        unitId: row.unitId,
        after: this.snapshot(row),
      });
      await this.announceCreated(tx, row);
      return row;
    });
  }

  /** Tells the modules above that an assessment was created (the unit head is notified). */
  private announceCreated(tx: Tx, a: Assessment): Promise<void> {
    return this.events.publish(
      new AssessmentCreated(tx, {
        id: a.id,
        unitId: a.unitId,
        reasonLabel: ASSESSMENT_REASON_LABEL[a.reason],
        text: a.text,
        points: a.points,
        amountYuan: a.amountYuan,
        findingId: a.findingId,
      }),
    );
  }

  async list(actor: Actor, q: ListAssessmentsQuery) {
    const { items, total } = await this.assessments.list(UnitScope.of(actor), q);
    return {
      items: items.map(({ assessment: a, unitName }) => ({
        ...a,
        unitName,
        reasonLabel: ASSESSMENT_REASON_LABEL[a.reason],
      })),
      total,
    };
  }

  async createNotice(actor: Actor, dto: CreateNoticeDto) {
    return this.transactions.run(async (tx) => {
      const found = await this.assessments.lockByIds(tx, dto.assessmentIds);
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
      const notice = await this.notices.save(
        tx,
        this.notices.build({
          title: dto.title,
          documentNumber: dto.documentNumber ?? null,
          body: dto.body,
          status: 'DRAFT',
          publishedOn: null,
          createdById: actor.id,
        }),
      );
      await this.assessments.assignToNotice(tx, dto.assessmentIds, notice.id);
      await this.audit.record(tx, actor, {
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
      return this.getNotice(actor, notice.id, tx);
    });
  }

  async publishNotice(actor: Actor, id: number) {
    return this.transactions.run(async (tx) => {
      const notice = await this.notices.lock(tx, id);
      if (!notice) throw notFound('通报 / Notice', id);
      if (notice.status === 'PUBLISHED') throw conflict('NOTICE_PUBLISHED', '通报已发布 / Already published');
      notice.status = 'PUBLISHED';
      notice.publishedOn = this.clock.today();
      await this.notices.save(tx, notice);
      await this.audit.record(tx, actor, {
        action: 'NOTICE_PUBLISHED',
        entityType: 'Notice',
        entityId: id,
        unitId: null,
        before: { status: 'DRAFT' },
        after: { status: 'PUBLISHED', publishedOn: notice.publishedOn },
      });
      const unitIds = [...new Set((await this.assessments.ofNotice(id, tx)).map((a) => Number(a.unitId)))];
      await this.events.publish(
        new NoticePublished(
          tx,
          {
            id,
            title: notice.title,
            documentNumber: notice.documentNumber,
            publishedOn: notice.publishedOn,
          },
          unitIds,
        ),
      );
      return this.getNotice(actor, id, tx);
    });
  }

  /** Drafts are the safety office's; published notices are for everyone who reads findings. */
  async listNotices(actor: Actor) {
    const items = await this.notices.list(!this.canSeeDrafts(actor));
    return { items, total: items.length };
  }

  async getNotice(actor: Actor, id: number, tx?: Tx) {
    const notice = await this.notices.findById(id, tx);
    if (!notice || (notice.status === 'DRAFT' && !this.canSeeDrafts(actor)))
      throw notFound('通报 / Notice', id);
    const assessments = await this.assessments.ofNotice(id, tx);
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
      latenessDeadline: a.latenessDeadline,
    };
  }
}
