import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { notFound, validationFailed } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import { checkUpload, UploadedFile } from '../common/files/file-type';
import { Transactions } from '../common/persistence/transactions';
import { AppConfig } from '../config/app-config';
import type { Finding } from './entities/finding.entity';
import { EvidenceKind, FindingStatus } from './finding.enums';
import { FindingsService } from './findings.service';
import { RectificationRepository } from './rectification.repository';

/** Evidence files of a finding, stored in PostgreSQL with their SHA-256. */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly transactions: Transactions,
    private readonly records: RectificationRepository,
    private readonly findings: FindingsService,
    private readonly audit: AuditLogService,
    private readonly config: AppConfig,
  ) {}

  async upload(
    actor: Actor,
    findingId: number,
    file: UploadedFile | undefined,
    kind: EvidenceKind,
    caption?: string,
  ) {
    checkUpload(file, this.config.EVIDENCE_MAX_BYTES);
    return this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, findingId, tx, true);
      if (f.status === FindingStatus.CLOSED || f.status === FindingStatus.CANCELLED)
        throw this.findings.stateConflict(f, '上传证据 / add evidence');
      return this.store(tx, actor, f, file!, kind, caption);
    });
  }

  /**
   * Stores one file (type by content, size within EVIDENCE_MAX_BYTES, else 400/413 on `field`) as evidence of a
   * finding the caller has loaded in its transaction, and records it in the change log.
   */
  async store(
    tx: Tx,
    actor: Actor,
    f: Pick<Finding, 'id' | 'unitId'>,
    file: UploadedFile,
    kind: EvidenceKind,
    caption?: string,
  ) {
    const { fileName, mimeType, sizeBytes } = checkUpload(file, this.config.EVIDENCE_MAX_BYTES);
    const content = file.buffer;
    const sha256 = createHash('sha256').update(content).digest('hex');
    const row = await this.records.insertEvidence(tx, {
      findingId: f.id,
      kind,
      fileName,
      mimeType,
      sizeBytes,
      sha256,
      content,
      caption: caption ?? null,
      uploadedById: actor.id,
    });
    await this.audit.record(tx, actor, {
      action: 'EVIDENCE_ADDED',
      entityType: 'Finding',
      entityId: f.id,
      unitId: f.unitId,
      after: { evidenceId: row.id, kind, fileName, sizeBytes, sha256 },
    });
    const { content: _c, ...meta } = row;
    return meta;
  }

  /** The file, for whoever may see the finding. */
  async download(actor: Actor, findingId: number, evidenceId: number) {
    await this.findings.getScoped(actor, findingId);
    const row = await this.records.evidenceWithContent(findingId, evidenceId);
    if (!row) throw notFound('证据 / Evidence', evidenceId);
    return row;
  }

  /** 400 on `field` unless every id is an evidence file of this finding (for records that cite evidence). */
  async assertOnFinding(tx: Tx, findingId: number, ids: number[], field: string): Promise<void> {
    const n = await this.records.countEvidenceOf(findingId, ids, tx);
    if (n !== new Set(ids).size)
      throw validationFailed([
        { field, messages: ['证据不存在或不属于本问题 / Evidence not found on this finding'] },
      ]);
  }
}
