import { Injectable } from '@nestjs/common';
import { assertVersion } from '../common/persistence/version';
import { Actor, hasRole } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { AuditLogService } from '../audit-log/audit-log.service';
import {
  conflict,
  type FieldProblem,
  forbidden,
  notFound,
  validationFailed,
} from '../common/errors/domain-error';
import { allProblems } from '../common/errors/field-problems';
import { isPastDeadline } from '../common/time/business-date';
import { DomainEvents } from '../common/events/domain-events';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import type { RectificationPlan } from './entities/rectification.entity';
import { ExtensionStatus } from './entities/extension-status';
import type {
  ExtensionDecisionDto,
  ExtensionRequestDto,
  ProgressDto,
  RecordPlanDto,
  SummaryDto,
} from './rectification.dto';
import { HazardLevel } from './finding.enums';
import { planRefusal, SUMMARY_EVIDENCE_MISSING_PROBLEM, summaryRefusal } from './finding-errors';
import { findingSnapshot } from './finding-view';
import {
  FindingExtensionDecided,
  FindingExtensionRequested,
  FindingPlanAwaitingConfirmation,
} from './findings.events';
import { FindingsRepository } from './findings.repository';
import { FindingsService } from './findings.service';
import { RectificationRepository } from './rectification.repository';
import { LatenessAssessmentsService } from './lateness-assessments.service';
import { checkPlan, PLAN_FIELDS } from './rules/five-implementations';
import { extensionProblems, EXTENSION_FIELDS, mayRequestExtension } from './rules/lateness';
import { hasRectificationEvidence, onTheSpotEvidenceProblem, SUMMARY_FIELDS } from './rules/summary-evidence';
import { mayTake } from './rules/lifecycle';
import { UNIT_OWES_STATUSES } from './rules/open-and-overdue';

const UNIT_ROLES = [Role.UNIT_OFFICER, Role.UNIT_HEAD];

const planSnapshot = (p: RectificationPlan) => ({
  revision: p.revision,
  onTheSpot: p.onTheSpot,
  onTheSpotEvidenceIds: p.onTheSpotEvidenceIds,
  measures: p.measures,
  responsiblePerson: p.responsiblePerson,
  fundsAmount: p.fundsAmount,
  fundsSource: p.fundsSource,
  fundsZeroReason: p.fundsZeroReason,
  deadline: p.deadline,
  contingencyPlan: p.contingencyPlan,
  interimControls: p.interimControls,
  stopProduction: p.stopProduction,
  stopProductionScope: p.stopProductionScope,
  goalsAndTasks: p.goalsAndTasks,
  materials: p.materials,
  responsibleOrganisation: p.responsibleOrganisation,
  timeRequirements: p.timeRequirements,
  currentSituation: p.currentSituation,
  hazardAnalysis: p.hazardAnalysis,
  confirmedById: p.confirmedById,
});

/** What the responsible unit does with its finding: the 五落实 plan, progress, summary, extensions. */
@Injectable()
export class RectificationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly records: RectificationRepository,
    private readonly findingRows: FindingsRepository,
    private readonly findings: FindingsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly lateness: LatenessAssessmentsService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Records (or revises) the 五落实 plan. Complete plan → ASSIGNED becomes RECTIFYING. For a MAJOR finding a plan
   * recorded by a unit officer waits for the unit head's confirmation (确认) before the finding moves.
   * Conflicts (the finding's state, a revision someone else recorded meanwhile) come first; then every field at fault
   * at once: what the form's DTO check found (`given`, fields absent from `dto`), the 五落实 rule, the evidence.
   */
  async recordPlan(actor: Actor, id: number, dto: RecordPlanDto, given: readonly FieldProblem[] = []) {
    return this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, id, tx, true);
      const to = this.findings.assertAction(f, 'RECORD_PLAN', actor);
      const revision = await this.records.nextPlanRevision(tx, id);
      // The finding is locked: of two people revising the same plan at once, the second sees the first's revision.
      if (dto.basedOnRevision !== undefined) assertVersion({ version: revision - 1 }, dto.basedOnRevision);
      const named = new Set(given.map((p) => p.field));
      const incomplete = checkPlan(dto, f).filter((p) => !named.has(p.field));
      const evidence = dto.onTheSpotEvidenceIds?.length
        ? await this.onTheSpotEvidenceProblems(tx, id, dto.onTheSpotEvidenceIds)
        : [];
      const problems = allProblems(
        PLAN_FIELDS,
        given,
        incomplete.map((p) => ({ field: p.field, messages: [`${p.element}：${p.message}`] })),
        evidence,
      );
      if (problems.length)
        throw planRefusal(f.level, incomplete, problems, !given.length && !evidence.length);
      const needsConfirmation = f.level === HazardLevel.MAJOR && !hasRole(actor, Role.UNIT_HEAD);
      const plan = await this.records.insertPlan(tx, {
        findingId: id,
        revision,
        onTheSpot: dto.onTheSpot ?? false,
        onTheSpotEvidenceIds: dto.onTheSpotEvidenceIds ?? [],
        measures: dto.measures ?? null,
        responsiblePerson: dto.responsiblePerson ?? null,
        fundsAmount: dto.fundsAmount ?? null,
        fundsSource: dto.fundsSource ?? null,
        fundsZeroReason: dto.fundsZeroReason ?? null,
        deadline: dto.deadline ?? null,
        contingencyPlan: dto.contingencyPlan ?? null,
        interimControls: dto.interimControls ?? null,
        stopProduction: dto.stopProduction ?? null,
        stopProductionScope: dto.stopProductionScope ?? null,
        goalsAndTasks: dto.goalsAndTasks ?? null,
        materials: dto.materials ?? null,
        responsibleOrganisation: dto.responsibleOrganisation ?? null,
        timeRequirements: dto.timeRequirements ?? null,
        currentSituation: dto.currentSituation ?? null,
        hazardAnalysis: dto.hazardAnalysis ?? null,
        submittedById: actor.id,
        confirmedById: needsConfirmation ? null : actor.id,
        confirmedAt: needsConfirmation ? null : this.clock.now(),
      });
      const before = findingSnapshot(f);
      if (!needsConfirmation) f.status = to;
      await this.findingRows.save(tx, f);
      await this.audit.record(tx, actor, {
        action: 'PLAN_RECORDED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { status: before.status },
        after: { status: f.status, plan: planSnapshot(plan) },
      });
      if (needsConfirmation)
        await this.events.publish(new FindingPlanAwaitingConfirmation(tx, id, plan.revision));
      return { plan, findingStatus: f.status, awaitingConfirmation: needsConfirmation };
    });
  }

  /** UNIT_HEAD confirms the latest plan of a MAJOR finding (DOMAIN.md §7). */
  async confirmPlan(actor: Actor, id: number) {
    return this.transactions.run(async (tx) => {
      if (!mayTake('CONFIRM_PLAN', actor.roles))
        throw forbidden('只有单位负责人可以确认重大隐患整改方案 / Only UNIT_HEAD confirms plans');
      const f = await this.findings.getScoped(actor, id, tx, true);
      const plan = await this.records.latestPlan(id, tx);
      if (!plan || plan.confirmedById !== null)
        throw conflict('NO_PLAN_TO_CONFIRM', '没有待确认的整改方案 / No plan is waiting for confirmation');
      const before = f.status;
      f.status = this.findings.assertAction(f, 'CONFIRM_PLAN', actor, () =>
        this.findings.stateConflict(f, '确认方案 / confirm a plan'),
      );
      plan.confirmedById = actor.id;
      plan.confirmedAt = this.clock.now();
      await this.records.savePlan(tx, plan);
      await this.findingRows.save(tx, f);
      await this.audit.record(tx, actor, {
        action: 'PLAN_CONFIRMED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { status: before },
        after: { status: f.status, planRevision: plan.revision },
      });
      return { plan, findingStatus: f.status };
    });
  }

  async addProgress(actor: Actor, id: number, dto: ProgressDto) {
    return this.transactions.run(async (tx) => {
      this.assertUnitRole(actor);
      const f = await this.findings.getScoped(actor, id, tx, true);
      if (!UNIT_OWES_STATUSES.includes(f.status))
        throw this.findings.stateConflict(f, '记录整改进展 / record progress');
      const note = await this.records.insertProgress(tx, {
        findingId: id,
        note: dto.note,
        percent: dto.percent ?? null,
        authorId: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'PROGRESS_RECORDED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        after: { note: dto.note, percent: dto.percent ?? null },
      });
      return note;
    });
  }

  /**
   * 整改总结: asks for verification. After the end of the deadline's day (business zone) it is recorded as late and
   * assessed LATE_RECTIFICATION — unless that lateness was already assessed (OVERDUE, or an earlier late summary)
   * or the finding is self-found (rules/lateness.ts).
   * Conflicts with the finding's state come first (409); then, for the page's form (`given`: its DTO check's
   * problems, fields absent from `dto`), every field at fault at once: those, evidence not of this finding, no
   * "after" evidence. The API route (@Body refused its DTO's problems) passes no `given` and stops at foreign
   * evidence without reading on: its statements stay those of the bench's handler.
   */
  async submitSummary(actor: Actor, id: number, dto: SummaryDto, given?: readonly FieldProblem[]) {
    return this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, id, tx, true);
      const to = this.findings.assertAction(f, 'SUBMIT_SUMMARY', actor);
      const plan = await this.records.latestPlan(id, tx);
      if (plan && plan.confirmedById === null)
        throw conflict(
          'PLAN_NOT_CONFIRMED',
          '重大隐患整改方案尚未经单位负责人确认 / The plan awaits the unit head’s confirmation',
        );
      const foreign = dto.evidenceIds?.length
        ? await this.evidenceProblems(tx, id, dto.evidenceIds, 'evidenceIds')
        : [];
      if (foreign.length && !given) throw validationFailed(foreign);
      // The API route (no `given`) gets here only without foreign evidence: nothing to order.
      const own = given ? allProblems(SUMMARY_FIELDS, given, foreign) : [];
      // Named even when the DTO faulted the evidence field: the rule reads the finding's uploads, not the field.
      const missing = !(await this.hasRectificationEvidence(tx, id, plan));
      const problems = missing
        ? allProblems(SUMMARY_FIELDS, [...own, SUMMARY_EVIDENCE_MISSING_PROBLEM])
        : own;
      if (problems.length) throw summaryRefusal(problems, missing, !own.length);
      const late = isPastDeadline(f.deadline, this.clock.now(), this.clock.timeZone);
      const summary = await this.records.insertSummary(tx, {
        findingId: id,
        whatWasDone: dto.whatWasDone,
        rootCause: dto.rootCause,
        evidenceIds: dto.evidenceIds ?? [],
        late,
        deadlineAtSubmission: f.deadline,
        submittedById: actor.id,
      });
      const before = findingSnapshot(f);
      f.status = to;
      f.returnReason = null;
      await this.findingRows.save(tx, f);
      await this.audit.record(tx, actor, {
        action: 'SUMMARY_SUBMITTED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { status: before.status, returnReason: before.returnReason },
        after: { status: f.status, returnReason: null, late, summaryId: summary.id },
      });
      await this.findings.announceStatus(tx, f, before.status);
      if (late) await this.lateness.assessLateSummary(tx, f, summary.id);
      return { summary, findingStatus: f.status };
    });
  }

  /**
   * 申请延期. The conflicts with the finding's state come first (409); then every field at fault at once (400): what
   * the form's DTO check found (`given`, fields absent from `dto`) and the deadline rule (rules/lateness.ts).
   */
  async requestExtension(
    actor: Actor,
    id: number,
    dto: ExtensionRequestDto,
    given: readonly FieldProblem[] = [],
  ) {
    return this.transactions.run(async (tx) => {
      this.assertUnitRole(actor);
      const f = await this.findings.getScoped(actor, id, tx, true);
      if (!UNIT_OWES_STATUSES.includes(f.status))
        throw this.findings.stateConflict(f, '申请延期 / request an extension');
      if (!mayRequestExtension(f.deadline, this.clock.today()))
        throw conflict(
          'EXTENSION_AFTER_DEADLINE',
          `整改时限 ${f.deadline} 已过，不能再申请延期：延期须在时限届满前申请，逾期按规定考核 / The deadline has passed; an extension must be requested before it`,
          { deadline: f.deadline, today: this.clock.today() },
        );
      if (await this.records.hasPendingExtension(tx, id)) {
        throw conflict('EXTENSION_PENDING', '已有待审批的延期申请 / An extension request is already waiting');
      }
      const problems = allProblems(
        EXTENSION_FIELDS,
        given,
        extensionProblems(dto.requestedDeadline, f.deadline),
      );
      if (problems.length) throw validationFailed(problems);
      const ext = await this.records.insertExtension(tx, {
        findingId: id,
        previousDeadline: f.deadline,
        requestedDeadline: dto.requestedDeadline,
        reason: dto.reason,
        requestedById: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'EXTENSION_REQUESTED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        after: { extensionId: ext.id, requestedDeadline: dto.requestedDeadline, reason: dto.reason },
      });
      await this.events.publish(new FindingExtensionRequested(tx, id, ext.id, dto.requestedDeadline));
      return ext;
    });
  }

  /**
   * Approved one level up: the safety office, or a supervision-group leader for a MAJOR finding. A request is only
   * taken before the deadline, so an approval after it moves the deadline without lateness; a rejection after it
   * assesses the lateness (OVERDUE) at once.
   */
  async decideExtension(actor: Actor, id: number, extensionId: number, dto: ExtensionDecisionDto) {
    return this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, id, tx, true);
      const approver = f.level === HazardLevel.MAJOR ? Role.SUPERVISION_LEADER : Role.SAFETY_OFFICE;
      if (!hasRole(actor, approver)) {
        throw forbidden(
          `${f.level === HazardLevel.MAJOR ? '重大隐患的延期须由督导组组长/副组长审批' : '延期须由安全环保部审批'} / Only ${approver} decides this extension`,
        );
      }
      const ext = await this.records.lockExtension(tx, id, extensionId);
      if (!ext) throw notFound('延期申请 / Extension', extensionId);
      if (ext.status !== ExtensionStatus.PENDING)
        throw conflict('EXTENSION_DECIDED', '该延期申请已审批 / Already decided');
      ext.status = dto.approve ? ExtensionStatus.APPROVED : ExtensionStatus.REJECTED;
      ext.decidedById = actor.id;
      ext.decidedAt = this.clock.now();
      ext.decisionNote = dto.note ?? null;
      await this.records.saveExtension(tx, ext);
      const before = f.deadline;
      if (dto.approve) {
        f.deadline = ext.requestedDeadline;
        await this.findingRows.save(tx, f);
      }
      await this.audit.record(tx, actor, {
        action: dto.approve ? 'EXTENSION_APPROVED' : 'EXTENSION_REJECTED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { deadline: before },
        after: { deadline: f.deadline, extensionId: ext.id, note: ext.decisionNote },
      });
      if (f.deadline !== before) await this.findings.announceDeadline(tx, f.id, before, f.deadline);
      await this.events.publish(
        new FindingExtensionDecided(tx, id, ext.id, dto.approve, ext.requestedDeadline, ext.decisionNote),
      );
      // A request made in time held the overdue assessment; refused after the deadline, the lateness is assessed now.
      if (
        !dto.approve &&
        UNIT_OWES_STATUSES.includes(f.status) &&
        isPastDeadline(f.deadline, this.clock.now(), this.clock.timeZone)
      )
        await this.lateness.assessOverdue(tx, f);
      return ext;
    });
  }

  /** A summary needs an "after" photo or document attached since the plan, or the on-the-spot fix's evidence. */
  private async hasRectificationEvidence(tx: Tx, id: number, plan: RectificationPlan | null) {
    return hasRectificationEvidence({
      // Revisions count from 1: a latest plan of revision 1 is the first one (no second read).
      firstPlanAt: plan?.revision === 1 ? plan.submittedAt : await this.records.firstPlanAt(tx, id),
      latestPlan: plan,
      evidence: await this.records.evidenceTimes(tx, id),
    });
  }

  private assertUnitRole(actor: Actor) {
    if (!UNIT_ROLES.some((r) => actor.roles.includes(r)))
      throw forbidden('此操作仅限责任单位 (UNIT_OFFICER, UNIT_HEAD) / Only the responsible unit may do this');
  }

  /** An on-the-spot fix's evidence: files of this finding, at least one of them showing the fix. */
  private async onTheSpotEvidenceProblems(tx: Tx, findingId: number, ids: number[]): Promise<FieldProblem[]> {
    const field = 'onTheSpotEvidenceIds';
    const kinds = await this.records.evidenceKindsOf(findingId, ids, tx);
    if (kinds.length !== new Set(ids).size)
      return [{ field, messages: ['证据不存在或不属于本问题 / Evidence not found on this finding'] }];
    const problem = onTheSpotEvidenceProblem(kinds);
    return problem ? [{ field, messages: [problem] }] : [];
  }

  private async evidenceProblems(
    tx: Tx,
    findingId: number,
    ids: number[],
    field: string,
  ): Promise<FieldProblem[]> {
    const n = await this.records.countEvidenceOf(findingId, ids, tx);
    return n === new Set(ids).size
      ? []
      : [{ field, messages: ['证据不存在或不属于本问题 / Evidence not found on this finding'] }];
  }
}
