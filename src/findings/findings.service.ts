import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, DomainError, forbidden, notFound, validationFailed } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { AssessmentReason } from '../assessments/assessment.enums';
import { AssessmentsService } from '../assessments/assessments.service';
import { Unit } from '../org/unit.entity';
import { UnitsService } from '../org/units.service';
import { assertVersion } from '../common/persistence/version';
import { AuditRound } from '../rounds/round.entity';
import { RoundStatus } from '../rounds/round.enums';
import { Finding, FindingSimilarLink } from './entities/finding.entity';
import {
  DeadlineExtension,
  EvidenceFile,
  ProgressNote,
  RectificationPlan,
  RectificationSummary,
} from './entities/rectification.entity';
import { CreateFindingDto, ListFindingsQuery, UpdateFindingDto } from './finding.dto';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FINDING_STATUS_LABEL,
  FindingStatus,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from './finding.enums';
import { OPEN_STATUSES, UNIT_OWES_STATUSES } from './rules/open-and-overdue';
import { Domain } from '../rounds/domain';
import { findingListQuery } from './finding-query';
import { FindingAction, transition } from './rules/lifecycle';

export const findingSnapshot = (f: Finding) => ({
  code: f.code,
  roundId: f.roundId,
  unitId: f.unitId,
  description: f.description,
  location: f.location,
  level: f.level,
  category: f.category,
  tags: f.tags,
  source: f.source,
  foundDate: f.foundDate,
  foundBy: f.foundBy,
  deadline: f.deadline,
  responsiblePerson: f.responsiblePerson,
  responsibleLeader: f.responsibleLeader,
  status: f.status,
  recurrenceOfId: f.recurrenceOfId,
  cancelReason: f.cancelReason,
  returnReason: f.returnReason,
});

/** A finding as the API shows it: labels for people, and the derived overdue flag. */
export function findingView(
  f: Finding,
  today: string,
  names: { unitName?: string; roundName?: string } = {},
) {
  return {
    ...f,
    ...names,
    overdue: UNIT_OWES_STATUSES.includes(f.status) && f.deadline < today,
    statusLabel: FINDING_STATUS_LABEL[f.status],
    levelLabel: HAZARD_LEVEL_LABEL[f.level],
    categoryLabel: FINDING_CATEGORY_LABEL[f.category],
    sourceLabel: FINDING_SOURCE_LABEL[f.source],
  };
}

@Injectable()
export class FindingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly units: UnitsService,
    private readonly assessments: AssessmentsService,
  ) {}

  async list(actor: Actor, q: ListFindingsQuery) {
    const today = this.clock.today();
    const qb = findingListQuery(this.dataSource, actor, q, today)
      .addSelect('u.name', 'unit_name')
      .addSelect('r.name', 'round_name');
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .getRawAndEntities();
    const names = new Map(
      (raw as { f_id: number; unit_name: string; round_name: string }[]).map((r) => [r.f_id, r]),
    );
    return {
      items: entities.map((f) =>
        findingView(f, today, {
          unitName: names.get(f.id)?.unit_name,
          roundName: names.get(f.id)?.round_name,
        }),
      ),
      total,
    };
  }

  /** A finding the actor may see, or 404 (a finding outside a unit user's subtree does not exist for them). */
  async getScoped(
    actor: Actor,
    id: number,
    m: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<Finding> {
    const qb = m
      .getRepository(Finding)
      .createQueryBuilder('f')
      .innerJoin(Unit, 'u', 'u.id = f.unitId')
      .where('f.id = :id', { id });
    if (actor.unitScopePath !== null) qb.andWhere('u.path LIKE :scope', { scope: `${actor.unitScopePath}%` });
    if (lock) qb.setLock('pessimistic_write', undefined, ['f']);
    const finding = await qb.getOne();
    if (!finding) throw notFound('问题 / Finding', id);
    return finding;
  }

  async detail(actor: Actor, id: number) {
    const f = await this.getScoped(actor, id);
    const m = this.dataSource.manager;
    const [unit, round, plans, progress, summaries, evidence, extensions, similar] = await Promise.all([
      m.getRepository(Unit).findOneByOrFail({ id: f.unitId }),
      m.getRepository(AuditRound).findOneByOrFail({ id: f.roundId }),
      m.getRepository(RectificationPlan).find({ where: { findingId: id }, order: { revision: 'DESC' } }),
      m.getRepository(ProgressNote).find({ where: { findingId: id }, order: { createdAt: 'ASC' } }),
      m.getRepository(RectificationSummary).find({ where: { findingId: id }, order: { submittedAt: 'ASC' } }),
      m.getRepository(EvidenceFile).find({ where: { findingId: id }, order: { uploadedAt: 'ASC' } }),
      m.getRepository(DeadlineExtension).find({ where: { findingId: id }, order: { requestedAt: 'ASC' } }),
      this.similarLinks(actor, id),
    ]);
    const recurrenceOf = f.recurrenceOfId
      ? await m.getRepository(Finding).findOneBy({ id: f.recurrenceOfId })
      : null;
    return {
      ...findingView(f, this.clock.today(), { unitName: unit.name, roundName: round.name }),
      unit: { id: unit.id, code: unit.code, name: unit.name },
      round: { id: round.id, name: round.name, domain: round.domain, kind: round.kind },
      plan: plans[0] ?? null,
      planHistory: plans,
      progress,
      summaries,
      evidence,
      extensions,
      similar,
      recurrenceOf: recurrenceOf
        ? {
            id: recurrenceOf.id,
            code: recurrenceOf.code,
            description: recurrenceOf.description,
            closedAt: recurrenceOf.closedAt,
          }
        : null,
    };
  }

  /** Similar findings in both directions, limited to what the actor may see. */
  async similarLinks(actor: Actor, id: number) {
    const params: unknown[] = [id];
    let scope = '';
    if (actor.unitScopePath !== null) {
      params.push(`${actor.unitScopePath}%`);
      scope = ' AND u.path LIKE $2';
    }
    return this.dataSource.query(
      `SELECT f.id, f.code, f.description, f.status, u.name AS "unitName"
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.id IN (SELECT similar_to_id FROM finding_similar_links WHERE finding_id = $1
                       UNION SELECT finding_id FROM finding_similar_links WHERE similar_to_id = $1)${scope}
        ORDER BY f.code`,
      params,
    );
  }

  async create(actor: Actor, dto: CreateFindingDto, manager?: EntityManager): Promise<Finding> {
    const work = async (m: EntityManager) => {
      const round = await m.getRepository(AuditRound).findOneBy({ id: dto.roundId });
      const problems: { field: string; messages: string[] }[] = [];
      if (!round)
        throw validationFailed([{ field: 'roundId', messages: ['督察轮次不存在 / No such round'] }]);
      if (round.status === RoundStatus.CLOSED)
        throw conflict('ROUND_CLOSED', '该轮次已关闭，不能再登记问题 / The round is closed');
      const company = await m.getRepository(Unit).findOneByOrFail({ id: round.companyUnitId });
      const unit = await m.getRepository(Unit).findOneBy({ id: dto.unitId });
      if (!unit || !unit.active)
        problems.push({ field: 'unitId', messages: ['责任单位不存在或已停用 / No such active unit'] });
      else if (!unit.path.startsWith(company.path)) {
        problems.push({
          field: 'unitId',
          messages: [
            `「${unit.name}」不属于被督察单位「${company.name}」 / The unit is not in the audited company`,
          ],
        });
      }
      problems.push(...this.checkDates(dto.foundDate, dto.deadline));
      if (dto.level === HazardLevel.MAJOR && !dto.responsibleLeader) {
        problems.push({
          field: 'responsibleLeader',
          messages: ['重大隐患须指定责任领导 / A MAJOR finding needs a responsible leader'],
        });
      }
      if (dto.recurrenceOfId) {
        const earlier = await m.getRepository(Finding).findOneBy({ id: dto.recurrenceOfId });
        if (!earlier)
          problems.push({ field: 'recurrenceOfId', messages: ['被复发的问题不存在 / No such finding'] });
        else if (earlier.status !== FindingStatus.CLOSED) {
          problems.push({
            field: 'recurrenceOfId',
            messages: [`${earlier.code} 尚未销号，复发只能关联已销号问题 / Only a closed finding can recur`],
          });
        }
      }
      if (dto.similarToIds?.length) {
        const found = await m.getRepository(Finding).countBy({ id: In(dto.similarToIds) });
        if (found !== dto.similarToIds.length)
          problems.push({
            field: 'similarToIds',
            messages: ['关联的同类问题不存在 / Some similar findings do not exist'],
          });
      }
      if (problems.length) throw validationFailed(problems);

      const code = await this.nextCode(m, company.code, round.domain, dto.foundDate);
      const finding = m.getRepository(Finding).create({
        code,
        roundId: round.id,
        unitId: unit!.id,
        description: dto.description,
        location: dto.location,
        level: dto.level,
        category: dto.category,
        tags: dto.tags ?? [],
        source: dto.source,
        foundDate: dto.foundDate,
        foundBy: dto.foundBy,
        deadline: dto.deadline,
        responsiblePerson: dto.responsiblePerson,
        responsibleLeader: dto.responsibleLeader ?? null,
        status: FindingStatus.ASSIGNED,
        recurrenceOfId: dto.recurrenceOfId ?? null,
        createdById: actor.id,
      });
      await m.getRepository(Finding).save(finding);
      for (const otherId of dto.similarToIds ?? []) {
        await m
          .getRepository(FindingSimilarLink)
          .insert({ findingId: finding.id, similarToId: otherId, linkedById: actor.id });
      }
      await this.audit.record(m, actor, {
        action: 'FINDING_CREATED',
        entityType: 'Finding',
        entityId: finding.id,
        unitId: finding.unitId,
        after: { ...findingSnapshot(finding), similarToIds: dto.similarToIds ?? [] },
      });
      for (const otherId of dto.similarToIds ?? [])
        await this.assessments.similarLinked(m, finding.id, otherId);
      if (finding.recurrenceOfId) {
        await this.assessRecurrence(
          m,
          finding,
          await m.getRepository(Finding).findOneByOrFail({ id: finding.recurrenceOfId }),
        );
      }
      return finding;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async update(actor: Actor, id: number, dto: UpdateFindingDto): Promise<Finding> {
    return this.dataSource.transaction(async (m) => {
      const f = await this.getScoped(actor, id, m, true);
      assertVersion(f, dto.version);
      if (!OPEN_STATUSES.includes(f.status)) throw this.stateConflict(f, '修改 / edit');
      if ((dto.unitId !== undefined || dto.deadline !== undefined) && f.status !== FindingStatus.ASSIGNED) {
        throw conflict(
          'FINDING_ALREADY_ACCEPTED',
          '单位已制定整改方案：改派需作废重建，改时限需走延期申请 / After the plan, change the unit by cancelling and the deadline by an extension',
        );
      }
      const before = findingSnapshot(f);
      const { version: _v, ...changes } = dto;
      Object.assign(f, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      const problems = this.checkDates(f.foundDate, f.deadline);
      if (dto.unitId !== undefined) {
        const round = await m.getRepository(AuditRound).findOneByOrFail({ id: f.roundId });
        const company = await m.getRepository(Unit).findOneByOrFail({ id: round.companyUnitId });
        const unit = await m.getRepository(Unit).findOneBy({ id: dto.unitId });
        if (!unit || !unit.active || !unit.path.startsWith(company.path))
          problems.push({
            field: 'unitId',
            messages: [
              '责任单位不存在、已停用或不属于被督察单位 / Not an active unit of the audited company',
            ],
          });
      }
      if (f.level === HazardLevel.MAJOR && !f.responsibleLeader)
        problems.push({
          field: 'responsibleLeader',
          messages: ['重大隐患须指定责任领导 / A MAJOR finding needs a responsible leader'],
        });
      if (problems.length) throw validationFailed(problems);
      const saved = await m.getRepository(Finding).save(f);
      await this.audit.record(m, actor, {
        action: 'FINDING_UPDATED',
        entityType: 'Finding',
        entityId: id,
        unitId: saved.unitId,
        before,
        after: findingSnapshot(saved),
      });
      return saved;
    });
  }

  async cancel(actor: Actor, id: number, reason: string): Promise<Finding> {
    return this.dataSource.transaction(async (m) => {
      const f = await this.getScoped(actor, id, m, true);
      const before = findingSnapshot(f);
      f.status = this.assertAction(f, 'CANCEL', actor);
      f.cancelReason = reason;
      const saved = await m.getRepository(Finding).save(f);
      await this.audit.record(m, actor, {
        action: 'FINDING_CANCELLED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before,
        after: findingSnapshot(saved),
      });
      return saved;
    });
  }

  /**
   * A weekly report's correction withdraws a self-check item it no longer lists: the unit cancels its own
   * SELF_CHECK finding, only while nothing has been done on it yet.
   */
  async withdrawSelfCheck(m: EntityManager, actor: Actor, id: number, reason: string): Promise<void> {
    const f = await this.getScoped(actor, id, m, true);
    if (f.source !== 'SELF_CHECK' || f.status !== FindingStatus.ASSIGNED) {
      throw conflict(
        'SELF_CHECK_IN_PROGRESS',
        `${f.code} 已开始整改，不能在周报更正中撤回 / Already being rectified; keep it in the report`,
      );
    }
    const before = findingSnapshot(f);
    f.status = FindingStatus.CANCELLED;
    f.cancelReason = reason;
    await m.getRepository(Finding).save(f);
    await this.audit.record(m, actor, {
      action: 'FINDING_CANCELLED',
      entityType: 'Finding',
      entityId: id,
      unitId: f.unitId,
      before,
      after: findingSnapshot(f),
    });
  }

  /** 倒查: a hazard that came back after close-out is assessed against the unit (DOMAIN.md §1 point 10). */
  async assessRecurrence(m: EntityManager, finding: Finding, earlier: Finding): Promise<void> {
    await this.assessments.createAutomatic(m, {
      unitId: finding.unitId,
      reason: AssessmentReason.RECURRENCE,
      text: `${finding.code} 为已销号问题 ${earlier.code} 的复发：${finding.description}`,
      sourceType: 'Finding',
      sourceId: finding.id,
      findingId: finding.id,
      personNames: [
        earlier.responsiblePerson,
        ...(earlier.responsibleLeader ? [earlier.responsibleLeader] : []),
      ],
      assessedOn: finding.foundDate,
    });
  }

  /** Applies the lifecycle rule: 403 for a role that may never do it, 409 naming both states otherwise. */
  assertAction(f: Finding, action: FindingAction, actor: Actor): FindingStatus {
    const outcome = transition(f.status, action, actor.roles);
    if (outcome.ok) return outcome.to;
    if (outcome.reason === 'ROLE')
      throw forbidden(
        `此操作仅限 ${outcome.allowedRoles.join(', ')} / Only ${outcome.allowedRoles.join(', ')} may do this`,
      );
    throw new DomainError('CONFLICT', 'FINDING_INVALID_TRANSITION', outcome.message, {
      current: outcome.current,
      requested: outcome.requested,
      action,
    });
  }

  stateConflict(f: Finding, what: string): DomainError {
    return new DomainError(
      'CONFLICT',
      'FINDING_INVALID_TRANSITION',
      `问题当前为「${FINDING_STATUS_LABEL[f.status]}」(${f.status})，不能${what}`,
      {
        current: f.status,
        requested: null,
      },
    );
  }

  private checkDates(foundDate: string, deadline: string) {
    const problems: { field: string; messages: string[] }[] = [];
    if (foundDate > this.clock.today())
      problems.push({
        field: 'foundDate',
        messages: ['发现日期不能晚于今天 / The found date is in the future'],
      });
    if (deadline < foundDate)
      problems.push({
        field: 'deadline',
        messages: ['整改时限不能早于发现日期 / The deadline is before the found date'],
      });
    return problems;
  }

  /** `XCL-2023-AQ-0007`: company, year found, 安全 AQ / 环保 HB, a number never used before for that prefix. */
  private async nextCode(
    m: EntityManager,
    companyCode: string,
    domain: Domain,
    foundDate: string,
  ): Promise<string> {
    const prefix = `${companyCode}-${foundDate.slice(0, 4)}-${domain === Domain.SAFETY ? 'AQ' : 'HB'}`;
    const [{ last }] = await m.query(
      `INSERT INTO finding_code_counters (prefix, last) VALUES ($1, 1)
       ON CONFLICT (prefix) DO UPDATE SET last = finding_code_counters.last + 1 RETURNING last`,
      [prefix],
    );
    return `${prefix}-${String(last).padStart(4, '0')}`;
  }
}
