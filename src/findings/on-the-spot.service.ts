import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { DomainError } from '../common/errors/domain-error';
import type { UploadedFile } from '../common/files/file-type';
import type { Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import type { Finding } from './entities/finding.entity';
import { EvidenceService } from './evidence.service';
import { EvidenceKind } from './finding.enums';
import { FindingsRepository } from './findings.repository';
import { FindingsService } from './findings.service';
import { RectificationRepository } from './rectification.repository';
import { checkPlan } from './rules/five-implementations';

/** What a unit reports about a problem it fixed the moment it found it. */
export interface OnTheSpotFix {
  /** What was done on the spot. */
  measures: string;
  /** Why it happened (源头整改), for the verifier and rule 1 of the gate. */
  rootCause: string;
  /** The photos or documents showing the fix (at least one). */
  files: UploadedFile[];
}

/**
 * 边检查边整改 for a finding the unit has just registered as fixed on the spot (a self-check item of a Thursday
 * report): the evidence is stored, the on-the-spot plan and the rectification summary are recorded, and the finding
 * waits on the supervision group's verification (ASSIGNED → RECTIFYING → PENDING_VERIFICATION through the lifecycle
 * rules), so it is never a debt of the unit with a deadline to miss.
 */
@Injectable()
export class OnTheSpotService {
  constructor(
    private readonly findings: FindingsService,
    private readonly findingRows: FindingsRepository,
    private readonly records: RectificationRepository,
    private readonly evidence: EvidenceService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async recordFixed(tx: Tx, actor: Actor, findingId: number, fix: OnTheSpotFix): Promise<Finding> {
    const f = await this.findings.getScoped(actor, findingId, tx, true);
    const toRectifying = this.findings.assertAction(f, 'RECORD_PLAN', actor);
    const evidenceIds: number[] = [];
    for (const file of fix.files)
      evidenceIds.push((await this.evidence.store(tx, actor, f, file, EvidenceKind.AFTER, '现场整改')).id);
    const problems = checkPlan(
      { onTheSpot: true, onTheSpotEvidenceIds: evidenceIds, measures: fix.measures },
      f,
    );
    if (problems.length)
      throw new DomainError(
        'BAD_REQUEST',
        'PLAN_INCOMPLETE',
        `现场整改不完整，缺少：${[...new Set(problems.map((p) => p.element))].join('、')} / The on-the-spot fix is incomplete`,
        problems.map((p) => ({ field: p.field, messages: [`${p.element}：${p.message}`] })),
      );
    const plan = await this.records.insertPlan(tx, {
      findingId: f.id,
      revision: await this.records.nextPlanRevision(tx, f.id),
      onTheSpot: true,
      onTheSpotEvidenceIds: evidenceIds,
      measures: fix.measures,
      submittedById: actor.id,
      confirmedById: actor.id,
      confirmedAt: this.clock.now(),
    });
    const before = f.status;
    f.status = toRectifying;
    f.status = this.findings.assertAction(f, 'SUBMIT_SUMMARY', actor);
    const summary = await this.records.insertSummary(tx, {
      findingId: f.id,
      whatWasDone: fix.measures,
      rootCause: fix.rootCause,
      evidenceIds,
      late: false,
      deadlineAtSubmission: f.deadline,
      submittedById: actor.id,
    });
    const saved = await this.findingRows.save(tx, f);
    await this.audit.record(tx, actor, {
      action: 'FIXED_ON_THE_SPOT',
      entityType: 'Finding',
      entityId: f.id,
      unitId: f.unitId,
      before: { status: before },
      after: { status: f.status, planRevision: plan.revision, summaryId: summary.id, evidenceIds },
    });
    return saved;
  }
}
