import { Injectable } from '@nestjs/common';
import { Actor, hasRole } from '../common/access/actor';
import { Role, SUPERVISION_ROLES } from '../common/access/roles';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, forbidden, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import type { Finding } from '../findings/entities/finding.entity';
import { EvidenceService } from '../findings/evidence.service';
import { FindingStatus } from '../findings/finding.enums';
import { FindingsRepository } from '../findings/findings.repository';
import { FindingsService } from '../findings/findings.service';
import { isOpen } from '../findings/rules/open-and-overdue';
import { UnitsService } from '../org/units.service';
import { AccountabilityDto, MechanismDto, SatisfactionDto, SweepDto } from './closeout.dto';
import { CloseoutRecordsRepository } from './closeout-records.repository';

/** Who records rule 5's result (员工和群众满意): the supervision group or the safety office. */
export const SATISFACTION_CERTIFIERS: readonly Role[] = [Role.SAFETY_OFFICE, ...SUPERVISION_ROLES];

/**
 * The records the 五个不放过 need — 举一反三 sweep, similar and recurrence links, long-term mechanism,
 * accountability, satisfaction — each in one transaction with its change-log event, only while the finding is open.
 */
@Injectable()
export class CloseoutRecordsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly records: CloseoutRecordsRepository,
    private readonly findings: FindingsService,
    private readonly findingRows: FindingsRepository,
    private readonly evidence: EvidenceService,
    private readonly units: UnitsService,
    private readonly audit: AuditLogService,
  ) {}

  async recordSweep(actor: Actor, id: number, dto: SweepDto) {
    return this.record(actor, id, 'SWEEP_RECORDED', async (tx, f) => {
      await this.assertSweptUnits(tx, actor, dto.checkedUnitIds);
      const similar = dto.result === 'SIMILAR_FOUND' ? (dto.similarFindingIds ?? []) : [];
      await this.linkSimilarIn(tx, actor, f, similar);
      return this.records.insertSweep(tx, {
        findingId: id,
        checkedUnitIds: dto.checkedUnitIds,
        checkedBy: dto.checkedBy,
        result: dto.result,
        similarFindingIds: similar,
        notes: dto.notes ?? null,
        sweptOn: dto.sweptOn,
        recordedById: actor.id,
      });
    });
  }

  async linkSimilar(actor: Actor, id: number, ids: number[]) {
    return this.record(actor, id, 'SIMILAR_LINKED', async (tx, f) => {
      await this.linkSimilarIn(tx, actor, f, ids);
      return { findingId: id, linked: ids };
    });
  }

  async recordMechanism(actor: Actor, id: number, dto: MechanismDto) {
    if (dto.kind === 'EXISTING_SUFFICIENT' && !hasRole(actor, ...SUPERVISION_ROLES)) {
      throw forbidden(
        '“现有机制已足够”须由督导组认定 / Only the supervision group may state that the existing mechanism suffices',
      );
    }
    return this.record(actor, id, 'MECHANISM_RECORDED', async (tx) => {
      if (dto.attachmentEvidenceId)
        await this.evidence.assertOnFinding(tx, id, [dto.attachmentEvidenceId], 'attachmentEvidenceId');
      return this.records.insertMechanism(tx, {
        findingId: id,
        kind: dto.kind,
        title: dto.title,
        documentNumber: dto.documentNumber ?? null,
        effectiveDate: dto.effectiveDate ?? null,
        attachmentEvidenceId: dto.attachmentEvidenceId ?? null,
        recordedById: actor.id,
      });
    });
  }

  async recordAccountability(actor: Actor, id: number, dto: AccountabilityDto) {
    return this.record(actor, id, 'ACCOUNTABILITY_RECORDED', (tx) =>
      this.records.insertAccountability(tx, {
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
    );
  }

  /**
   * Rule 5's result, recorded by the supervision group or the safety office from the representatives' confirmation
   * (who, how they were asked, the answer). The responsible unit may upload the confirmation as evidence, which the
   * record then cites, but does not record the result itself (403).
   */
  async recordSatisfaction(actor: Actor, id: number, dto: SatisfactionDto) {
    if (!hasRole(actor, ...SATISFACTION_CERTIFIERS))
      throw forbidden(
        '员工和群众满意确认须由督导组或安全环保部记录；责任单位可上传确认材料作为证据 / Only the supervision group or the safety office records satisfaction; the unit may upload the confirmation as evidence',
      );
    return this.record(actor, id, 'SATISFACTION_RECORDED', async (tx) => {
      if (dto.evidenceIds?.length)
        await this.evidence.assertOnFinding(tx, id, dto.evidenceIds, 'evidenceIds');
      return this.records.insertSatisfaction(tx, {
        findingId: id,
        representatives: dto.representatives,
        method: dto.method,
        confirmedOn: dto.confirmedOn,
        satisfied: dto.satisfied,
        comments: dto.comments ?? null,
        evidenceIds: dto.evidenceIds ?? [],
        recordedById: actor.id,
      });
    });
  }

  /** Links a finding as a recurrence (复发) of a closed one: a RECURRENCE assessment, and rule 4 tightens. */
  async linkRecurrence(actor: Actor, id: number, earlierId: number) {
    return this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, id, tx, true);
      if (f.recurrenceOfId)
        throw conflict('ALREADY_RECURRENCE', '该问题已关联为复发问题 / Already linked as a recurrence');
      if (!isOpen(f.status)) throw this.findings.stateConflict(f, '关联复发 / link a recurrence');
      const earlier = await this.findings.findById(earlierId, tx);
      if (!earlier || earlier.id === f.id)
        throw validationFailed([{ field: 'earlierFindingId', messages: ['原问题不存在 / No such finding'] }]);
      if (earlier.status !== FindingStatus.CLOSED)
        throw validationFailed([
          {
            field: 'earlierFindingId',
            messages: [`${earlier.code} 尚未销号 / Only a closed finding can recur`],
          },
        ]);
      await this.findings.markRecurrenceOf(tx, f, earlier.id);
      await this.audit.record(tx, actor, {
        action: 'RECURRENCE_LINKED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { recurrenceOfId: null },
        after: { recurrenceOfId: earlier.id },
      });
      await this.findings.assessRecurrence(tx, f, earlier);
      return { findingId: id, recurrenceOf: { id: earlier.id, code: earlier.code } };
    });
  }

  /** A record for one of the five rules, in one transaction with its change-log event; not after close or cancel. */
  private async record<T extends object>(
    actor: Actor,
    id: number,
    action: string,
    write: (tx: Tx, f: Finding) => Promise<T>,
  ): Promise<T> {
    return this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, id, tx, true);
      if (!isOpen(f.status)) throw this.findings.stateConflict(f, '再补充记录 / add records');
      const saved = await write(tx, f);
      await this.audit.record(tx, actor, {
        action,
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        after: { ...saved },
      });
      return saved;
    });
  }

  /** The swept units exist and lie in the actor's subtree. */
  private async assertSweptUnits(tx: Tx, actor: Actor, unitIds: number[]): Promise<void> {
    const units = await this.units.findByIds(unitIds, tx);
    if (units.length !== unitIds.length)
      throw validationFailed([
        { field: 'checkedUnitIds', messages: ['部分单位不存在 / Some units do not exist'] },
      ]);
    const scope = UnitScope.of(actor);
    if (units.some((u) => !scope.includesPath(u.path))) {
      throw validationFailed([
        {
          field: 'checkedUnitIds',
          messages: ['只能记录本单位及下级单位的排查 / Only units of your subtree'],
        },
      ]);
    }
  }

  private async linkSimilarIn(tx: Tx, actor: Actor, f: Finding, ids: number[]): Promise<void> {
    if (ids.includes(f.id))
      throw validationFailed([
        { field: 'similarFindingIds', messages: ['不能关联自身 / A finding is not similar to itself'] },
      ]);
    // Only findings the caller may see: a unit links its own subtree's, so it can neither hold up another unit's
    // close-out (rule 2 waits for every similar finding) nor learn which ids exist there.
    const others = await this.findingRows.refsInScope(UnitScope.of(actor), ids, tx);
    if (others.size !== new Set(ids).size)
      throw validationFailed([
        { field: 'similarFindingIds', messages: ['部分问题不存在 / Some findings do not exist'] },
      ]);
    for (const other of others.values()) {
      if (!(await this.findings.linkSimilar(tx, actor, other.id, f.id))) continue;
      // The other finding's history shows the new link too: it holds up that finding's close-out as well (rule 2).
      await this.audit.record(tx, actor, {
        action: 'SIMILAR_LINKED',
        entityType: 'Finding',
        entityId: other.id,
        unitId: other.unitId,
        after: { findingId: other.id, linked: [f.id] },
      });
    }
  }
}
