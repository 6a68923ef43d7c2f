import { DomainEvents } from '../common/events/domain-events';
import { CloseoutRefused, FindingClosed } from './closeout.events';
import type { Verification } from './closeout.entities';
import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { UnitScope } from '../common/access/unit-scope';
import { DomainError, notFound } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import type { Finding } from '../findings/entities/finding.entity';
import { CloseoutRefusalsRepository } from '../findings/closeout-refusals.repository';
import { FindingSimilarityRepository } from '../findings/finding-similarity.repository';
import { FindingsService } from '../findings/findings.service';
import {
  AccountabilityDto,
  MechanismDto,
  SatisfactionDto,
  SuggestionQueryDto,
  SweepDto,
  VerificationDto,
} from './closeout.dto';
import { CloseoutRecordsRepository } from './closeout-records.repository';
import { CloseoutRecordsService, SATISFACTION_CERTIFIERS } from './closeout-records.service';
import { evaluateGate, GateRuleResult, unmetRules } from './rules/closeout-gate';
import { gateAnswerOf, gateFactsOf, GateFactsRepository } from './gate-facts.repository';
import { possibleRecurrences, similarInOtherUnits } from './similarity';
import { VerificationRepository } from './verification.repository';
import { VerificationService } from './verification.service';
import { SupervisionStandingService } from './supervision-standing.service';

/**
 * The closeout module's API for other modules and pages: the 五个不放过 gate, close-out (销号) and suggestions here;
 * verification (复查) and the gate's records in their own services, reached through the same names.
 */
@Injectable()
export class CloseoutService {
  constructor(
    private readonly transactions: Transactions,
    private readonly verification: VerificationService,
    private readonly standing: SupervisionStandingService,
    private readonly recordsService: CloseoutRecordsService,
    private readonly verifications: VerificationRepository,
    private readonly records: CloseoutRecordsRepository,
    private readonly gateFacts: GateFactsRepository,
    private readonly findings: FindingsService,
    private readonly similarity: FindingSimilarityRepository,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly refusals: CloseoutRefusalsRepository,
    private readonly events: DomainEvents,
  ) {}

  // Verification and the gate's records, for callers outside this module (pages, demo data).
  verify(actor: Actor, id: number, dto: VerificationDto) {
    return this.verification.verify(actor, id, dto);
  }

  recordSweep(actor: Actor, id: number, dto: SweepDto) {
    return this.recordsService.recordSweep(actor, id, dto);
  }

  linkSimilar(actor: Actor, id: number, ids: number[]) {
    return this.recordsService.linkSimilar(actor, id, ids);
  }

  recordMechanism(actor: Actor, id: number, dto: MechanismDto) {
    return this.recordsService.recordMechanism(actor, id, dto);
  }

  recordAccountability(actor: Actor, id: number, dto: AccountabilityDto) {
    return this.recordsService.recordAccountability(actor, id, dto);
  }

  recordSatisfaction(actor: Actor, id: number, dto: SatisfactionDto) {
    return this.recordsService.recordSatisfaction(actor, id, dto);
  }

  linkRecurrence(actor: Actor, id: number, earlierId: number) {
    return this.recordsService.linkRecurrence(actor, id, earlierId);
  }

  /**
   * Where the user stands for a finding's verification and close-out (member, leader of its group; independent of
   * the responsible 二级单位): the finding page offers those forms only when the service would accept them.
   */
  async standingFor(actor: Actor, f: Pick<Finding, 'unitId' | 'roundId'>) {
    const s = await this.standing.of(actor, f);
    return { groupMember: s.group.member, groupLeader: s.group.leader, independent: s.independent };
  }

  /**
   * The gate, read: each rule, satisfied or not, and what satisfies it (a closed finding: as they stood at
   * close-out). One statement reads the finding in the actor's scope with every fact (issue 22).
   */
  async gate(actor: Actor, id: number) {
    const scope = UnitScope.of(actor);
    const g = await this.gateFacts.readInScope(scope, id, SATISFACTION_CERTIFIERS);
    if (!g) throw notFound('问题 / Finding', id);
    // Units are never deleted; should the finding's be gone, the lineage read answers its "not found".
    if (!g.closeout && !g.lineage.length) await this.standing.responsibleLineage({ unitId: g.unit_id });
    return gateAnswerOf(g, scope);
  }

  /**
   * 销号: from VERIFIED, by a member of the finding's supervision group (its 组长/副组长 for MAJOR), only when all five
   * rules hold. Final.
   */
  async closeOut(actor: Actor, id: number) {
    const outcome = await this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, id, tx, true);
      this.findings.assertAction(f, 'CLOSE', actor);
      await this.standing.assertMayClose(actor, f, tx);
      const rules = await this.evaluate(tx, f);
      const unmet = unmetRules(rules);
      if (unmet.length) return { refused: { finding: f, unmet } };
      const before = f.status;
      const closed = await this.findings.applyAction(tx, actor, f, 'CLOSE', { closedAt: this.clock.now() });
      await this.records.insertCloseout(tx, {
        findingId: id,
        closedById: actor.id,
        closedByName: actor.displayName,
        rules,
        closedAt: f.closedAt!,
      });
      await this.audit.record(tx, actor, {
        action: 'FINDING_CLOSED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { status: before },
        after: { status: f.status, closedAt: f.closedAt, rules: rules.map((r) => r.detail) },
      });
      await this.events.publish(new FindingClosed(tx, id, closed.closedAt!, actor.displayName, closed));
      return { closed: { findingId: id, status: f.status, closedAt: f.closedAt, rules } };
    });
    if (outcome.closed) return outcome.closed;
    const { finding, unmet } = outcome.refused;
    await this.recordRefusal(actor, finding, unmet);
    throw new DomainError(
      'CONFLICT',
      'CLOSEOUT_RULES_UNMET',
      `不能销号，以下“五个不放过”未落实：${unmet.map((r) => `第${r.number}条 ${r.text}`).join('；')} / Close-out refused: rule(s) ${unmet.map((r) => r.number).join(', ')} unmet`,
      { unmet: unmet.map((r) => ({ number: r.number, code: r.code, text: r.text, detail: r.detail })) },
    );
  }

  /**
   * A refused attempt is kept (its own transaction: the attempt's transaction changed nothing), with the unmet rules,
   * so the dashboard can show which of the 五个不放过 most often stops a close-out.
   */
  private async recordRefusal(actor: Actor, f: Finding, unmet: GateRuleResult[]): Promise<void> {
    await this.transactions.run(async (tx) => {
      const refusal = await this.refusals.insert(tx, {
        findingId: f.id,
        unmetRules: unmet.map((r) => r.number),
        attemptedById: actor.id,
        refusedAt: this.clock.now(),
      });
      await this.audit.record(tx, actor, {
        action: 'FINDING_CLOSEOUT_REFUSED',
        entityType: 'Finding',
        entityId: f.id,
        unitId: f.unitId,
        before: null,
        after: { refusalId: refusal.id, unmetRules: refusal.unmetRules },
      });
      await this.events.publish(
        new CloseoutRefused(
          tx,
          f.id,
          unmet.map((r) => ({ number: r.number, text: r.text })),
        ),
      );
    });
  }

  async suggestionsFor(actor: Actor, id: number) {
    const f = await this.findings.getScoped(actor, id);
    const probe = { description: f.description, category: f.category, tags: f.tags, excludeFindingId: f.id };
    return {
      similar: await similarInOtherUnits(this.similarity, actor, f.unitId, probe),
      recurrence: await possibleRecurrences(this.similarity, actor, f.unitId, probe, this.clock.now()),
    };
  }

  /** For the logging form: suggestions before the finding exists. */
  async suggestionsPreview(actor: Actor, dto: SuggestionQueryDto) {
    const probe = { description: dto.description, category: dto.category, tags: dto.tags ?? [] };
    return {
      similar: await similarInOtherUnits(this.similarity, actor, dto.unitId, probe),
      recurrence: await possibleRecurrences(this.similarity, actor, dto.unitId, probe, this.clock.now()),
    };
  }

  /** Gathers the facts of the five rules for a finding and lets the gate decide. */
  async evaluate(tx: Tx, f: Finding): Promise<GateRuleResult[]> {
    const facts = await this.gateFacts.read(tx, f, SATISFACTION_CERTIFIERS);
    // Units are never deleted; should the finding's be gone, the lineage read answers its "not found".
    if (!facts.lineage.length) await this.standing.responsibleLineage(f, tx);
    return evaluateGate(gateFactsOf(facts));
  }

  /** A finding's verifications in the order they were recorded (the close-out sheet prints them). */
  verificationsOf(findingId: number): Promise<Verification[]> {
    return this.verifications.allOf(findingId);
  }
}
