import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { AssessmentsService } from '../assessments/assessments.service';
import { AssessmentReason } from '../assessments/assessment.enums';
import { AuditLogService } from '../audit-log/audit-log.service';
import { validationFailed, type FieldProblem } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { DomainEvents } from '../common/events/domain-events';
import { Transactions, type Tx } from '../common/persistence/transactions';
import type { Finding } from '../findings/entities/finding.entity';
import { EvidenceService } from '../findings/evidence.service';
import { FindingStatus } from '../findings/finding.enums';
import { FindingsService } from '../findings/findings.service';
import { VerificationDto } from './closeout.dto';
import { VerificationFailed, VerificationPassed } from './closeout.events';
import { Verification } from './closeout.entities';
import { SupervisionStandingService } from './supervision-standing.service';
import { VerificationRepository } from './verification.repository';

/**
 * 复查: a member of the finding's supervision group from outside the responsible 二级单位 passes the rectification
 * (with evidence) or sends it back. A finding already VERIFIED may be verified again (e.g. to add the evidence a
 * passing verification lacked); the latest verification counts for rule 1.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly transactions: Transactions,
    private readonly verifications: VerificationRepository,
    private readonly findings: FindingsService,
    private readonly evidence: EvidenceService,
    private readonly standing: SupervisionStandingService,
    private readonly assessments: AssessmentsService,
    private readonly audit: AuditLogService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  /** PASS → VERIFIED (also from VERIFIED); FAIL → back to RECTIFYING with the reason, and the unit is assessed. */
  async verify(actor: Actor, id: number, dto: VerificationDto) {
    return this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, id, tx, true);
      const action = dto.result === 'PASS' ? 'VERIFY_PASS' : 'VERIFY_FAIL';
      this.findings.assertAction(f, action, actor);
      await this.standing.assertMayVerify(actor, f, tx);
      // Both field checks at once, so that the form names every field at fault in one answer.
      const fields: FieldProblem[] = [];
      if (dto.verifiedOn > this.clock.today())
        fields.push({
          field: 'verifiedOn',
          messages: [
            `复查日期不能晚于今天（${this.clock.today()}） / The verification date is in the future`,
          ],
        });
      if (dto.result === 'PASS' && !dto.evidenceIds?.length)
        fields.push({
          field: 'evidenceIds',
          messages: [
            '复查通过须至少附一份证据（先上传复查照片或资料） / A PASS needs at least one evidence item',
          ],
        });
      if (fields.length)
        throw validationFailed(
          fields,
          fields.some((x) => x.field === 'evidenceIds')
            ? '复查通过须附证据 / A passing verification needs evidence'
            : undefined,
        );
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
      const saved = await this.findings.applyAction(tx, actor, f, action, {
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
      if (dto.result === 'FAIL') {
        await this.assessFailure(tx, f, v, dto);
        await this.events.publish(new VerificationFailed(tx, id, dto.notes));
      } else if (before !== FindingStatus.VERIFIED) {
        // The unit hears of the pass once; verifying a VERIFIED finding again (e.g. to add evidence) is not news.
        await this.events.publish(new VerificationPassed(tx, id, dto.verifiedOn, actor.displayName, saved));
      }
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
