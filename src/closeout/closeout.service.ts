import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, hasRole } from '../common/access/actor';
import { Role, SUPERVISION_ROLES } from '../common/access/roles';
import { AssessmentsService } from '../assessments/assessments.service';
import { AssessmentReason } from '../assessments/assessment.enums';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, DomainError, forbidden, validationFailed } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { Clock } from '../common/time/clock';
import { Finding } from '../findings/entities/finding.entity';
import { EvidenceFile } from '../findings/entities/rectification.entity';
import { FindingStatus, HazardLevel } from '../findings/finding.enums';
import { FindingSimilarLinked } from '../findings/findings.events';
import { findingSnapshot, FindingsService } from '../findings/findings.service';
import { Unit } from '../org/unit.entity';
import {
  AccountabilityDto,
  MechanismDto,
  SatisfactionDto,
  SuggestionQueryDto,
  SweepDto,
  VerificationDto,
} from './closeout.dto';
import {
  AccountabilityRecord,
  CloseoutRecord,
  MechanismRecord,
  SatisfactionConfirmation,
  SweepRecord,
  Verification,
} from './closeout.entities';
import { ACCOUNTABILITY_ACTION_LABEL } from './closeout.enums';
import { evaluateGate, GateFacts, GateRuleResult } from './rules/closeout-gate';
import { possibleRecurrences, similarInOtherUnits } from './similarity';

const OPEN_FOR_RECORDS = [
  FindingStatus.ASSIGNED,
  FindingStatus.RECTIFYING,
  FindingStatus.PENDING_VERIFICATION,
  FindingStatus.VERIFIED,
];

/** Verification (复查), the records the 五个不放过 need, the gate, close-out (销号), similar and recurrence links. */
@Injectable()
export class CloseoutService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  async verify(actor: Actor, id: number, dto: VerificationDto) {
    return this.dataSource.transaction(async (m) => {
      const f = await this.findings.getScoped(actor, id, m, true);
      const to = this.findings.assertAction(f, dto.result === 'PASS' ? 'VERIFY_PASS' : 'VERIFY_FAIL', actor);
      const unit = await m.getRepository(Unit).findOneByOrFail({ id: f.unitId });
      if (actor.homeUnitPath && actor.homeUnitPath.startsWith(unit.path)) {
        throw new DomainError(
          'FORBIDDEN',
          'VERIFIER_FROM_RESPONSIBLE_UNIT',
          `复查人不能来自责任单位「${unit.name}」 / The verifier may not belong to the responsible unit`,
        );
      }
      if (dto.evidenceIds?.length) await this.assertEvidence(m, id, dto.evidenceIds, 'evidenceIds');
      const v = await m.getRepository(Verification).save(
        m.getRepository(Verification).create({
          findingId: id,
          result: dto.result,
          verifiedOn: dto.verifiedOn,
          notes: dto.notes,
          evidenceIds: dto.evidenceIds ?? [],
          verifierId: actor.id,
          verifierUnitId: actor.homeUnitId,
        }),
      );
      const before = findingSnapshot(f);
      f.status = to;
      f.returnReason = dto.result === 'FAIL' ? dto.notes : null;
      await m.getRepository(Finding).save(f);
      await this.audit.record(m, actor, {
        action: dto.result === 'PASS' ? 'VERIFICATION_PASSED' : 'VERIFICATION_FAILED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { status: before.status },
        after: { status: f.status, verificationId: v.id, notes: dto.notes },
      });
      if (dto.result === 'FAIL') {
        await this.assessments.createAutomatic(m, {
          unitId: f.unitId,
          reason: AssessmentReason.FAILED_VERIFICATION,
          text: `${f.code} 复查不通过：${dto.notes}`,
          sourceType: 'Verification',
          sourceId: v.id,
          findingId: f.id,
          personNames: [f.responsiblePerson],
          assessedOn: dto.verifiedOn,
        });
      }
      return { verification: v, findingStatus: f.status };
    });
  }

  async recordSweep(actor: Actor, id: number, dto: SweepDto) {
    return this.record(actor, id, 'SWEEP_RECORDED', async (m, f) => {
      const units = await m.getRepository(Unit).findBy({ id: In(dto.checkedUnitIds) });
      if (units.length !== dto.checkedUnitIds.length)
        throw validationFailed([
          { field: 'checkedUnitIds', messages: ['部分单位不存在 / Some units do not exist'] },
        ]);
      if (actor.unitScopePath !== null && units.some((u) => !u.path.startsWith(actor.unitScopePath!))) {
        throw validationFailed([
          {
            field: 'checkedUnitIds',
            messages: ['只能记录本单位及下级单位的排查 / Only units of your subtree'],
          },
        ]);
      }
      const similar = dto.result === 'SIMILAR_FOUND' ? (dto.similarFindingIds ?? []) : [];
      await this.linkSimilarIn(m, actor, f, similar);
      return m.getRepository(SweepRecord).save(
        m.getRepository(SweepRecord).create({
          findingId: id,
          checkedUnitIds: dto.checkedUnitIds,
          checkedBy: dto.checkedBy,
          result: dto.result,
          similarFindingIds: similar,
          notes: dto.notes ?? null,
          sweptOn: dto.sweptOn,
          recordedById: actor.id,
        }),
      );
    });
  }

  async linkSimilar(actor: Actor, id: number, ids: number[]) {
    return this.record(actor, id, 'SIMILAR_LINKED', async (m, f) => {
      await this.linkSimilarIn(m, actor, f, ids);
      return { findingId: id, linked: ids };
    });
  }

  async recordMechanism(actor: Actor, id: number, dto: MechanismDto) {
    if (dto.kind === 'EXISTING_SUFFICIENT' && !SUPERVISION_ROLES.some((r) => actor.roles.includes(r))) {
      throw forbidden(
        '“现有机制已足够”须由督导组认定 / Only the supervision group may state that the existing mechanism suffices',
      );
    }
    return this.record(actor, id, 'MECHANISM_RECORDED', async (m) => {
      if (dto.attachmentEvidenceId)
        await this.assertEvidence(m, id, [dto.attachmentEvidenceId], 'attachmentEvidenceId');
      return m.getRepository(MechanismRecord).save(
        m.getRepository(MechanismRecord).create({
          findingId: id,
          kind: dto.kind,
          title: dto.title,
          documentNumber: dto.documentNumber ?? null,
          effectiveDate: dto.effectiveDate ?? null,
          attachmentEvidenceId: dto.attachmentEvidenceId ?? null,
          recordedById: actor.id,
        }),
      );
    });
  }

  async recordAccountability(actor: Actor, id: number, dto: AccountabilityDto) {
    return this.record(actor, id, 'ACCOUNTABILITY_RECORDED', async (m) =>
      m.getRepository(AccountabilityRecord).save(
        m.getRepository(AccountabilityRecord).create({
          findingId: id,
          kind: dto.kind,
          personName: dto.kind === 'ACTION' ? dto.personName! : null,
          unitId: dto.unitId ?? null,
          action: dto.kind === 'ACTION' ? dto.action! : null,
          amountYuan: dto.amountYuan ?? null,
          details: dto.details ?? null,
          decidedBy: dto.decidedBy,
          decidedOn: dto.decidedOn,
          recordedById: actor.id,
        }),
      ),
    );
  }

  async recordSatisfaction(actor: Actor, id: number, dto: SatisfactionDto) {
    return this.record(actor, id, 'SATISFACTION_RECORDED', async (m) =>
      m.getRepository(SatisfactionConfirmation).save(
        m.getRepository(SatisfactionConfirmation).create({
          findingId: id,
          representatives: dto.representatives,
          confirmedOn: dto.confirmedOn,
          satisfied: dto.satisfied,
          comments: dto.comments ?? null,
          recordedById: actor.id,
        }),
      ),
    );
  }

  /** The gate, read: each rule, satisfied or not, and what satisfies it. */
  async gate(actor: Actor, id: number) {
    const f = await this.findings.getScoped(actor, id);
    if (f.status === FindingStatus.CLOSED) {
      // A closed finding shows the rules as they stood at close-out, not as later links would make them.
      const record = await this.dataSource.getRepository(CloseoutRecord).findOneBy({ findingId: id });
      if (record)
        return {
          findingId: f.id,
          code: f.code,
          status: f.status,
          canClose: false,
          closedAt: record.closedAt,
          closedBy: record.closedByName,
          asOfCloseout: true,
          rules: record.rules,
        };
    }
    const rules = await this.evaluate(this.dataSource.manager, f);
    return {
      findingId: f.id,
      code: f.code,
      status: f.status,
      canClose: f.status === FindingStatus.VERIFIED && rules.every((r) => r.satisfied),
      rules,
    };
  }

  /** 销号: from VERIFIED, by a supervision-group member (a leader for MAJOR), only when all five rules hold. Final. */
  async closeOut(actor: Actor, id: number) {
    return this.dataSource.transaction(async (m) => {
      const f = await this.findings.getScoped(actor, id, m, true);
      const to = this.findings.assertAction(f, 'CLOSE', actor);
      if (f.level === HazardLevel.MAJOR && !hasRole(actor, Role.SUPERVISION_LEADER)) {
        throw forbidden(
          '重大隐患须由督导组组长或副组长销号 / A MAJOR finding is closed by a supervision-group leader',
        );
      }
      const rules = await this.evaluate(m, f);
      const unmet = rules.filter((r) => !r.satisfied);
      if (unmet.length) {
        throw new DomainError(
          'CONFLICT',
          'CLOSEOUT_RULES_UNMET',
          `不能销号，以下“五个不放过”未落实：${unmet.map((r) => `第${r.number}条 ${r.text}`).join('；')} / Close-out refused: rule(s) ${unmet.map((r) => r.number).join(', ')} unmet`,
          { unmet: unmet.map((r) => ({ number: r.number, code: r.code, text: r.text, detail: r.detail })) },
        );
      }
      const before = findingSnapshot(f);
      f.status = to;
      f.closedAt = this.clock.now();
      await m.getRepository(Finding).save(f);
      await m.getRepository(CloseoutRecord).save(
        m.getRepository(CloseoutRecord).create({
          findingId: id,
          closedById: actor.id,
          closedByName: actor.displayName,
          rules,
          closedAt: f.closedAt,
        }),
      );
      await this.audit.record(m, actor, {
        action: 'FINDING_CLOSED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { status: before.status },
        after: { status: f.status, closedAt: f.closedAt, rules: rules.map((r) => r.detail) },
      });
      return { findingId: id, status: f.status, closedAt: f.closedAt, rules };
    });
  }

  /** Links a finding as a recurrence (复发) of a closed one: a RECURRENCE assessment, and rule 4 tightens. */
  async linkRecurrence(actor: Actor, id: number, earlierId: number) {
    return this.dataSource.transaction(async (m) => {
      const f = await this.findings.getScoped(actor, id, m, true);
      if (f.recurrenceOfId)
        throw conflict('ALREADY_RECURRENCE', '该问题已关联为复发问题 / Already linked as a recurrence');
      if (!OPEN_FOR_RECORDS.includes(f.status))
        throw this.findings.stateConflict(f, '关联复发 / link a recurrence');
      const earlier = await m.getRepository(Finding).findOneBy({ id: earlierId });
      if (!earlier || earlier.id === f.id)
        throw validationFailed([{ field: 'earlierFindingId', messages: ['原问题不存在 / No such finding'] }]);
      if (earlier.status !== FindingStatus.CLOSED)
        throw validationFailed([
          {
            field: 'earlierFindingId',
            messages: [`${earlier.code} 尚未销号 / Only a closed finding can recur`],
          },
        ]);
      f.recurrenceOfId = earlier.id;
      await m.getRepository(Finding).save(f);
      await this.audit.record(m, actor, {
        action: 'RECURRENCE_LINKED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { recurrenceOfId: null },
        after: { recurrenceOfId: earlier.id },
      });
      await this.findings.assessRecurrence(m, f, earlier);
      return { findingId: id, recurrenceOf: { id: earlier.id, code: earlier.code } };
    });
  }

  async suggestionsFor(actor: Actor, id: number) {
    const f = await this.findings.getScoped(actor, id);
    const probe = { description: f.description, category: f.category, tags: f.tags, excludeFindingId: f.id };
    return {
      similar: await similarInOtherUnits(this.dataSource.manager, actor, f.unitId, probe),
      recurrence: await possibleRecurrences(
        this.dataSource.manager,
        actor,
        f.unitId,
        probe,
        this.clock.now(),
      ),
    };
  }

  /** For the logging form: suggestions before the finding exists. */
  async suggestionsPreview(actor: Actor, dto: SuggestionQueryDto) {
    const probe = { description: dto.description, category: dto.category, tags: dto.tags ?? [] };
    return {
      similar: await similarInOtherUnits(this.dataSource.manager, actor, dto.unitId, probe),
      recurrence: await possibleRecurrences(
        this.dataSource.manager,
        actor,
        dto.unitId,
        probe,
        this.clock.now(),
      ),
    };
  }

  /** Gathers the facts of the five rules for a finding. */
  async evaluate(m: EntityManager, f: Finding): Promise<GateRuleResult[]> {
    const unit = await m.getRepository(Unit).findOneByOrFail({ id: f.unitId });
    const [verification] = await m.query(
      `SELECT v.result, cardinality(v.evidence_ids) AS "evidenceCount", v.verified_on AS "verifiedOn", u.display_name AS "verifierName", un.path AS "verifierUnitPath"
         FROM verifications v JOIN users u ON u.id = v.verifier_id LEFT JOIN units un ON un.id = v.verifier_unit_id
        WHERE v.finding_id = $1 ORDER BY v.recorded_at DESC, v.id DESC LIMIT 1`,
      [f.id],
    );
    const sweeps: { checked_unit_ids: number[]; result: 'NONE_FOUND' | 'SIMILAR_FOUND'; swept_on: string }[] =
      await m.query(
        `SELECT checked_unit_ids, result, swept_on FROM sweep_records WHERE finding_id = $1 ORDER BY id`,
        [f.id],
      );
    const unitNames = new Map(
      (
        (await m.query(`SELECT id, name FROM units WHERE id = ANY($1)`, [
          sweeps.flatMap((s) => s.checked_unit_ids),
        ])) as { id: number; name: string }[]
      ).map((u) => [u.id, u.name]),
    );
    const similar: { code: string; status: string }[] = await m.query(
      `SELECT code, status FROM findings WHERE id IN (SELECT similar_to_id FROM finding_similar_links WHERE finding_id = $1
                                                     UNION SELECT finding_id FROM finding_similar_links WHERE similar_to_id = $1)`,
      [f.id],
    );
    const mechanisms = await m
      .getRepository(MechanismRecord)
      .find({ where: { findingId: f.id }, order: { id: 'ASC' } });
    const accountability = await m
      .getRepository(AccountabilityRecord)
      .find({ where: { findingId: f.id }, order: { id: 'ASC' } });
    const satisfaction = await m
      .getRepository(SatisfactionConfirmation)
      .findOne({ where: { findingId: f.id }, order: { recordedAt: 'DESC', id: 'DESC' } });
    let recurrence: GateFacts['recurrence'] = null;
    if (f.recurrenceOfId) {
      const earlier = await m.getRepository(Finding).findOneByOrFail({ id: f.recurrenceOfId });
      recurrence = {
        earlierCode: earlier.code,
        personsToCover: [
          earlier.responsiblePerson,
          ...(earlier.responsibleLeader ? [earlier.responsibleLeader] : []),
        ],
      };
    }
    return evaluateGate({
      responsibleUnitPath: unit.path,
      latestVerification: verification
        ? {
            result: verification.result,
            evidenceCount: Number(verification.evidenceCount),
            verifiedOn: verification.verifiedOn,
            verifierName: verification.verifierName,
            verifierUnitPath: verification.verifierUnitPath,
          }
        : null,
      sweeps: sweeps.map((s) => ({
        checkedUnitNames: s.checked_unit_ids.map((uid) => unitNames.get(uid) ?? String(uid)),
        result: s.result,
        recordedOn: s.swept_on,
      })),
      similarFindings: similar,
      mechanisms: mechanisms.map((x) => ({ kind: x.kind, title: x.title, documentNumber: x.documentNumber })),
      accountability: accountability.map((a) => ({
        kind: a.kind,
        personName: a.personName,
        actionLabel: a.action
          ? `${ACCOUNTABILITY_ACTION_LABEL[a.action]}${a.amountYuan ? ` ${a.amountYuan} 元` : ''}`
          : null,
      })),
      recurrence,
      latestSatisfaction: satisfaction
        ? {
            satisfied: satisfaction.satisfied,
            representatives: satisfaction.representatives,
            confirmedOn: satisfaction.confirmedOn,
          }
        : null,
    });
  }

  /** A record for one of the five rules, in one transaction with its change-log event; not after close or cancel. */
  private async record<T extends object>(
    actor: Actor,
    id: number,
    action: string,
    write: (m: EntityManager, f: Finding) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      const f = await this.findings.getScoped(actor, id, m, true);
      if (!OPEN_FOR_RECORDS.includes(f.status))
        throw this.findings.stateConflict(f, '再补充记录 / add records');
      const saved = await write(m, f);
      await this.audit.record(m, actor, {
        action,
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        after: { ...saved },
      });
      return saved;
    });
  }

  private async linkSimilarIn(m: EntityManager, actor: Actor, f: Finding, ids: number[]) {
    if (ids.includes(f.id))
      throw validationFailed([
        { field: 'similarFindingIds', messages: ['不能关联自身 / A finding is not similar to itself'] },
      ]);
    const found = await m.getRepository(Finding).countBy({ id: In(ids) });
    if (found !== ids.length)
      throw validationFailed([
        { field: 'similarFindingIds', messages: ['部分问题不存在 / Some findings do not exist'] },
      ]);
    for (const other of ids) {
      await m.query(
        `INSERT INTO finding_similar_links (finding_id, similar_to_id, linked_by_id) SELECT $1, $2, $3
          WHERE NOT EXISTS (SELECT 1 FROM finding_similar_links WHERE (finding_id = $1 AND similar_to_id = $2) OR (finding_id = $2 AND similar_to_id = $1))`,
        [other, f.id, actor.id],
      );
      await this.events.publish(new FindingSimilarLinked(m, other, f.id));
    }
  }

  private async assertEvidence(m: EntityManager, findingId: number, ids: number[], field: string) {
    const n = await m.getRepository(EvidenceFile).countBy({ id: In(ids), findingId });
    if (n !== new Set(ids).size)
      throw validationFailed([
        { field, messages: ['证据不存在或不属于本问题 / Evidence not found on this finding'] },
      ]);
  }

  /** A finding's verifications in the order they were recorded (the close-out sheet prints them). */
  async verificationsOf(findingId: number): Promise<Verification[]> {
    return this.dataSource.getRepository(Verification).find({ where: { findingId }, order: { id: 'ASC' } });
  }
}
