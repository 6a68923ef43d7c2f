import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { AssessmentsService } from '../assessments/assessments.service';
import { AssessmentReason } from '../assessments/assessment.enums';
import { AuditLogService } from '../audit-log/audit-log.service';
import { DomainError } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import type { Finding } from '../findings/entities/finding.entity';
import { EvidenceService } from '../findings/evidence.service';
import { FindingsService } from '../findings/findings.service';
import { UnitsService } from '../org/units.service';
import { VerificationDto } from './closeout.dto';
import { Verification } from './closeout.entities';
import { isIndependentVerifier } from './rules/verifier-independence';
import { VerificationRepository } from './verification.repository';

/** 复查: a supervision-group member from outside the responsible unit passes the rectification or sends it back. */
@Injectable()
export class VerificationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly verifications: VerificationRepository,
    private readonly findings: FindingsService,
    private readonly evidence: EvidenceService,
    private readonly units: UnitsService,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditLogService,
  ) {}

  /** PASS → VERIFIED; FAIL → back to RECTIFYING with the reason, and the unit is assessed. */
  async verify(actor: Actor, id: number, dto: VerificationDto) {
    return this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, id, tx, true);
      const action = dto.result === 'PASS' ? 'VERIFY_PASS' : 'VERIFY_FAIL';
      this.findings.assertAction(f, action, actor);
      const unit = await this.units.get(actor, f.unitId, tx);
      if (!isIndependentVerifier(actor.homeUnitPath, unit.path)) {
        throw new DomainError(
          'FORBIDDEN',
          'VERIFIER_FROM_RESPONSIBLE_UNIT',
          `复查人不能来自责任单位「${unit.name}」 / The verifier may not belong to the responsible unit`,
        );
      }
      if (dto.evidenceIds?.length)
        await this.evidence.assertOnFinding(tx, id, dto.evidenceIds, 'evidenceIds');
      const v = await this.verifications.insert(tx, {
        findingId: id,
        result: dto.result,
        verifiedOn: dto.verifiedOn,
        notes: dto.notes,
        evidenceIds: dto.evidenceIds ?? [],
        verifierId: actor.id,
        verifierUnitId: actor.homeUnitId,
      });
      const before = f.status;
      await this.findings.applyAction(tx, actor, f, action, {
        returnReason: dto.result === 'FAIL' ? dto.notes : null,
      });
      await this.audit.record(tx, actor, {
        action: dto.result === 'PASS' ? 'VERIFICATION_PASSED' : 'VERIFICATION_FAILED',
        entityType: 'Finding',
        entityId: id,
        unitId: f.unitId,
        before: { status: before },
        after: { status: f.status, verificationId: v.id, notes: dto.notes },
      });
      if (dto.result === 'FAIL') await this.assessFailure(tx, f, v, dto);
      return { verification: v, findingStatus: f.status };
    });
  }

  /** A failed verification is assessed against the responsible unit (考核). */
  private async assessFailure(tx: Tx, f: Finding, v: Verification, dto: VerificationDto): Promise<void> {
    await this.assessments.createAutomatic(tx, {
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
}
