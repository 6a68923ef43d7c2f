import { MajorCriteriaService } from './major-criteria.service';
import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, DomainError, validationFailed } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { AssessmentReason } from '../assessments/assessment.enums';
import { AssessmentsService } from '../assessments/assessments.service';
import { UnitsService } from '../org/units.service';
import { assertVersion } from '../common/persistence/version';
import { RoundStatus } from '../rounds/round.enums';
import { RoundsService } from '../rounds/rounds.service';
import type { Finding } from './entities/finding.entity';
import type { CreateFindingDto, UpdateFindingDto } from './finding.dto';
import type { ListFindingsQuery } from './finding-list.dto';
import { FindingSource, FindingStatus } from './finding.enums';
import { findingSnapshot } from './finding-view';
import { FindingQueriesService } from './finding-queries.service';
import {
  FindingAssigned,
  FindingDeadlineChanged,
  FindingSimilarLinked,
  FindingStatusChanged,
} from './findings.events';
import { FindingsRepository } from './findings.repository';
import { Domain } from '../rounds/domain';
import { FindingAction, transition } from './rules/lifecycle';
import { refusal, stateConflict } from './finding-errors';
import { dateProblems, leaderProblems, unitProblems, type FieldProblem } from './finding-input-checks';
import { isOpen } from './rules/open-and-overdue';

/** The views moved to finding-view.ts; exported here too for the modules that import them from this file. */
export { findingSnapshot, findingView } from './finding-view';

/** Registering, editing and cancelling findings; the lifecycle rule applied for every state change. */
@Injectable()
export class FindingsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: FindingsRepository,
    private readonly queries: FindingQueriesService,
    private readonly events: DomainEvents,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly units: UnitsService,
    private readonly rounds: RoundsService,
    private readonly assessments: AssessmentsService,
    private readonly criteria: MajorCriteriaService,
  ) {}

  // ---------- reads (FindingQueriesService; kept here for the modules that call them on this service) ----------

  list(actor: Actor, q: ListFindingsQuery) {
    return this.queries.list(actor, q);
  }

  /** A finding the actor may see, or 404 (a finding outside a unit user's subtree does not exist for them). */
  getScoped(actor: Actor, id: number, m?: Tx, lock = false): Promise<Finding> {
    return this.queries.getScoped(actor, id, m, lock);
  }

  detail(actor: Actor, id: number) {
    return this.queries.detail(actor, id);
  }

  /** Similar findings in both directions, limited to what the actor may see. */
  similarLinks(actor: Actor, id: number) {
    return this.queries.similarLinks(actor, id);
  }

  /** The findings the actor may see by typed codes, or a 400 at `field` naming the codes not found. */
  idsByCodes(actor: Actor, codes: string[], field: string): Promise<number[]> {
    return this.queries.idsByCodes(actor, codes, field);
  }

  // ---------- registration ----------

  /** Registers a finding (in the caller's transaction when given): code, similar links, recurrence assessment. */
  async create(actor: Actor, dto: CreateFindingDto, manager?: Tx): Promise<Finding> {
    return manager
      ? this.register(manager, actor, dto)
      : this.transactions.run((tx) => this.register(tx, actor, dto));
  }

  private async register(tx: Tx, actor: Actor, dto: CreateFindingDto): Promise<Finding> {
    dto = await this.criteria.apply(tx, dto); // 判定依据 forces MAJOR (issue 21)
    const { round, company, unit } = await this.checkRegistration(tx, dto);
    const finding = await this.repo.insert(tx, {
      code: await this.nextCode(tx, company.code, round.domain, dto.foundDate),
      roundId: round.id,
      unitId: unit.id,
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
      majorCriterionId: dto.majorCriterionId ?? null,
      createdById: actor.id,
    });
    for (const otherId of dto.similarToIds ?? [])
      await this.repo.insertSimilarLink(tx, finding.id, otherId, actor.id);
    await this.audit.record(tx, actor, {
      action: 'FINDING_CREATED',
      entityType: 'Finding',
      entityId: finding.id,
      unitId: finding.unitId,
      after: { ...findingSnapshot(finding), similarToIds: dto.similarToIds ?? [] },
    });
    for (const otherId of dto.similarToIds ?? [])
      await this.events.publish(new FindingSimilarLinked(tx, finding.id, otherId));
    await this.events.publish(new FindingAssigned(tx, finding.id, finding.unitId, null));
    if (finding.recurrenceOfId)
      await this.assessRecurrence(tx, finding, (await this.repo.findById(finding.recurrenceOfId, tx))!);
    return finding;
  }

  /** The round, its audited company and the unit of a new finding; every problem with the input at once. */
  private async checkRegistration(tx: Tx, dto: CreateFindingDto) {
    const round = await this.rounds.findById(dto.roundId, tx);
    if (!round) throw validationFailed([{ field: 'roundId', messages: ['督察轮次不存在 / No such round'] }]);
    if (round.status === RoundStatus.CLOSED)
      throw conflict('ROUND_CLOSED', '该轮次已关闭，不能再登记问题 / The round is closed');
    const company = (await this.units.findById(round.companyUnitId, tx))!;
    const unit = await this.units.findById(dto.unitId, tx);
    const problems = [
      ...unitProblems(unit, company),
      ...dateProblems(dto.foundDate, dto.deadline, this.clock.today()),
      ...leaderProblems(dto.level, dto.responsibleLeader),
      ...(await this.recurrenceProblems(tx, dto.recurrenceOfId)),
      ...(await this.similarProblems(tx, dto.similarToIds)),
    ];
    if (problems.length) throw validationFailed(problems);
    return { round, company, unit: unit! };
  }

  /** 复发 links only a closed finding. */
  private async recurrenceProblems(tx: Tx, recurrenceOfId: number | undefined): Promise<FieldProblem[]> {
    if (!recurrenceOfId) return [];
    const earlier = await this.repo.findById(recurrenceOfId, tx);
    if (!earlier) return [{ field: 'recurrenceOfId', messages: ['被复发的问题不存在 / No such finding'] }];
    if (earlier.status === FindingStatus.CLOSED) return [];
    return [
      {
        field: 'recurrenceOfId',
        messages: [`${earlier.code} 尚未销号，复发只能关联已销号问题 / Only a closed finding can recur`],
      },
    ];
  }

  private async similarProblems(tx: Tx, similarToIds: number[] | undefined): Promise<FieldProblem[]> {
    if (!similarToIds?.length) return [];
    if ((await this.repo.countExisting(similarToIds, tx)) === similarToIds.length) return [];
    return [
      { field: 'similarToIds', messages: ['关联的同类问题不存在 / Some similar findings do not exist'] },
    ];
  }

  /** Whether the finding exists and belongs to the round (whatever its unit). */
  async isInRound(tx: Tx, id: number, roundId: number): Promise<boolean> {
    return (await this.repo.findById(id, tx))?.roundId === roundId;
  }

  /**
   * Links two existing findings as similar (同类问题, 举一反三) in the caller's transaction, unless they already are
   * (in either direction), and announces FindingSimilarLinked inside that transaction — also when the pair was
   * already linked, as the close-out sweep always did. Returns whether a link was added.
   */
  async linkSimilar(tx: Tx, actor: Actor, findingId: number, similarToId: number): Promise<boolean> {
    const added = await this.repo.insertSimilarLinkIfAbsent(tx, findingId, similarToId, actor.id);
    await this.events.publish(new FindingSimilarLinked(tx, findingId, similarToId));
    return added;
  }

  // ---------- editing and cancelling ----------

  async update(actor: Actor, id: number, dto: UpdateFindingDto): Promise<Finding> {
    return this.transactions.run(async (tx) => {
      const f = await this.getScoped(actor, id, tx, true);
      assertVersion(f, dto.version);
      if (!isOpen(f.status)) throw this.stateConflict(f, '修改 / edit');
      if ((dto.unitId !== undefined || dto.deadline !== undefined) && f.status !== FindingStatus.ASSIGNED) {
        throw conflict(
          'FINDING_ALREADY_ACCEPTED',
          '单位已制定整改方案：改派需作废重建，改时限需走延期申请 / After the plan, change the unit by cancelling and the deadline by an extension',
        );
      }
      const before = findingSnapshot(f);
      const { version: _v, ...changes } = dto;
      Object.assign(f, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      const problems = [
        ...dateProblems(f.foundDate, f.deadline, this.clock.today()),
        ...(dto.unitId !== undefined ? await this.reassignmentProblems(tx, f.roundId, dto.unitId) : []),
        ...leaderProblems(f.level, f.responsibleLeader),
      ];
      if (problems.length) throw validationFailed(problems);
      const saved = await this.repo.save(tx, f);
      await this.audit.record(tx, actor, {
        action: 'FINDING_UPDATED',
        entityType: 'Finding',
        entityId: id,
        unitId: saved.unitId,
        before,
        after: findingSnapshot(saved),
      });
      if (saved.unitId !== before.unitId)
        await this.events.publish(new FindingAssigned(tx, id, saved.unitId, before.unitId));
      if (saved.deadline !== before.deadline)
        await this.events.publish(new FindingDeadlineChanged(tx, id, before.deadline, saved.deadline));
      return saved;
    });
  }

  /** A finding moves only to an active unit of its round's audited company. */
  private async reassignmentProblems(tx: Tx, roundId: number, unitId: number): Promise<FieldProblem[]> {
    const round = (await this.rounds.findById(roundId, tx))!;
    const company = (await this.units.findById(round.companyUnitId, tx))!;
    const unit = await this.units.findById(unitId, tx);
    if (unit && unit.active && unit.path.startsWith(company.path)) return [];
    return [
      {
        field: 'unitId',
        messages: ['责任单位不存在、已停用或不属于被督察单位 / Not an active unit of the audited company'],
      },
    ];
  }

  async cancel(actor: Actor, id: number, reason: string): Promise<Finding> {
    return this.transactions.run(async (tx) => {
      const f = await this.getScoped(actor, id, tx, true);
      const before = findingSnapshot(f);
      f.status = this.assertAction(f, 'CANCEL', actor);
      f.cancelReason = reason;
      const saved = await this.repo.save(tx, f);
      await this.audit.record(tx, actor, {
        action: 'FINDING_CANCELLED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before,
        after: findingSnapshot(saved),
      });
      await this.announceStatus(tx, saved, before.status);
      return saved;
    });
  }

  /**
   * A weekly report's correction withdraws a self-check item it no longer lists: the unit cancels its own
   * SELF_CHECK finding, only while nothing has been done on it yet.
   */
  async withdrawSelfCheck(m: Tx, actor: Actor, id: number, reason: string): Promise<void> {
    const f = await this.getScoped(actor, id, m, true);
    const inProgress = () =>
      conflict(
        'SELF_CHECK_IN_PROGRESS',
        `${f.code} 已开始整改，不能在周报更正中撤回 / Already being rectified; keep it in the report`,
      );
    if (f.source !== FindingSource.SELF_CHECK) throw inProgress();
    const before = findingSnapshot(f);
    f.status = this.assertAction(f, 'WITHDRAW_SELF_CHECK', actor, inProgress);
    f.cancelReason = reason;
    await this.repo.save(m, f);
    await this.audit.record(m, actor, {
      action: 'FINDING_CANCELLED',
      entityType: 'Finding',
      entityId: id,
      unitId: f.unitId,
      before,
      after: findingSnapshot(f),
    });
    await this.announceStatus(m, f, before.status);
  }

  /** 倒查: a hazard that came back after close-out is assessed against the unit (DOMAIN.md §1 point 10). */
  async assessRecurrence(m: Tx, finding: Finding, earlier: Finding): Promise<void> {
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

  // ---------- the lifecycle rule and its errors (finding-errors.ts) ----------

  /**
   * Applies the lifecycle rule: 403 for a role that may never do it, 409 naming both states otherwise (or the
   * caller's own error for a refused state, when `stateError` is given).
   */
  assertAction(
    f: Finding,
    action: FindingAction,
    actor: Actor,
    stateError?: () => DomainError,
  ): FindingStatus {
    const outcome = transition(f.status, action, actor.roles);
    if (outcome.ok) return outcome.to;
    throw refusal(outcome, action, stateError);
  }

  stateConflict(f: Finding, what: string): DomainError {
    return stateConflict(f, what);
  }

  /** `XCL-2023-AQ-0007`: company, year found, 安全 AQ / 环保 HB, a number never used before for that prefix. */
  private async nextCode(tx: Tx, companyCode: string, domain: Domain, foundDate: string): Promise<string> {
    const prefix = `${companyCode}-${foundDate.slice(0, 4)}-${domain === Domain.SAFETY ? 'AQ' : 'HB'}`;
    const last = await this.repo.nextCodeNumber(tx, prefix);
    return `${prefix}-${String(last).padStart(4, '0')}`;
  }

  /** A lifecycle step another module decides (复查, 销号): the rule's target state and the step's fields, saved. */
  async applyAction(
    tx: Tx,
    actor: Actor,
    f: Finding,
    action: FindingAction,
    changes: Partial<Pick<Finding, 'returnReason' | 'closedAt'>> = {},
  ): Promise<Finding> {
    const previous = f.status;
    f.status = this.assertAction(f, action, actor);
    Object.assign(f, changes);
    const saved = await this.repo.save(tx, f);
    await this.announceStatus(tx, saved, previous);
    return saved;
  }

  /** Tells the modules above that a finding's deadline moved (an approved extension). */
  announceDeadline(tx: Tx, id: number, previous: string, deadline: string): Promise<void> {
    return this.events.publish(new FindingDeadlineChanged(tx, id, previous, deadline));
  }

  /** Tells the modules above that a finding changed status (FindingStatusChanged), inside the change's transaction. */
  async announceStatus(tx: Tx, f: Finding, previous: FindingStatus): Promise<void> {
    if (f.status !== previous)
      await this.events.publish(new FindingStatusChanged(tx, f.id, previous, f.status, f));
  }

  /** A finding by id, whatever the caller's scope (for checks of links between findings), or null. */
  findById(id: number, tx?: Tx): Promise<Finding | null> {
    return this.repo.findById(id, tx);
  }

  /** Marks `f` as a recurrence (复发) of an earlier finding; the caller records the change and assesses it. */
  markRecurrenceOf(tx: Tx, f: Finding, earlierId: number): Promise<Finding> {
    f.recurrenceOfId = earlierId;
    return this.repo.save(tx, f);
  }
}
