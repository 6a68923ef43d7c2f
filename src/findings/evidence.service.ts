import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { notFound, validationFailed } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import { checkUpload, UploadedFile } from '../common/files/file-type';
import {
  type EvidenceSize,
  isKeptFile,
  RESIZABLE,
  resizeImage,
  type ResizedImage,
  sizesOfUpload,
} from '../common/files/image-sizes';
import { hashVersion, type HashedFile } from '../common/http/file-by-hash';
import { Transactions } from '../common/persistence/transactions';
import { AppConfig } from '../config/app-config';
import type { Finding } from './entities/finding.entity';
import { EVIDENCE_KIND_LABEL, EvidenceKind, FindingStatus } from './finding.enums';
import { FindingsService } from './findings.service';
import { EvidenceRenditionsRepository } from './evidence-renditions.repository';
import { RectificationRepository } from './rectification.repository';
import { evidenceKindsFor } from './rules/evidence-tags';

/**
 * Evidence files of a finding, stored in PostgreSQL byte-for-byte with their SHA-256; a photo also gets a thumbnail
 * and a medium size (evidence_renditions, made with sharp on upload).
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly transactions: Transactions,
    private readonly records: RectificationRepository,
    private readonly renditions: EvidenceRenditionsRepository,
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
    const { mimeType } = checkUpload(file, this.config.EVIDENCE_MAX_BYTES);
    const allowed = evidenceKindsFor(actor.roles);
    if (!allowed.includes(kind))
      throw validationFailed([
        {
          field: 'kind',
          messages: [
            `您可标注为：${allowed.map((k) => EVIDENCE_KIND_LABEL[k]).join('、')}（责任单位标“整改前/整改后”，督导组标“复查”） / You may tag evidence as ${allowed.join(', ')}`,
          ],
        },
      ]);
    // The sizes are made before the finding is locked: resizing a camera photo takes a moment. A photo that cannot
    // be decoded is refused here, before anything is written.
    const sizes = await sizesOfUpload(mimeType, file!.buffer);
    return this.transactions.run(async (tx) => {
      const f = await this.findings.getScoped(actor, findingId, tx, true);
      if (f.status === FindingStatus.CLOSED || f.status === FindingStatus.CANCELLED)
        throw this.findings.stateConflict(f, '上传证据 / add evidence');
      return this.store(tx, actor, f, file!, kind, caption, sizes);
    });
  }

  /**
   * Stores one file (type by content, size within EVIDENCE_MAX_BYTES, a photo decodable, else 400/413/415 on `file`)
   * as evidence of a finding the caller has loaded in its transaction, and records it in the change log. A photo's
   * thumbnail and medium size are stored with it (`sizes` when the caller made them already).
   */
  async store(
    tx: Tx,
    actor: Actor,
    f: Pick<Finding, 'id' | 'unitId'>,
    file: UploadedFile,
    kind: EvidenceKind,
    caption?: string,
    sizes?: ResizedImage[],
  ) {
    const { fileName, mimeType, sizeBytes } = checkUpload(file, this.config.EVIDENCE_MAX_BYTES);
    const content = file.buffer;
    // Made (or refused) before the row is written, though the caller's transaction would roll a refusal back. A file
    // kept earlier elsewhere comes with its sizes (made leniently: it was accepted then).
    sizes ??= isKeptFile(file) ? file.sizes : await sizesOfUpload(mimeType, content);
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
    await this.renditions.insert(
      tx,
      sizes.map(({ size, mimeType: type, width, height, content: bytes }) => ({
        evidenceId: row.id,
        size,
        mimeType: type,
        width,
        height,
        content: bytes,
      })),
    );
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

  /**
   * A file as served, for whoever may see the finding: the original (any type), or a photo's thumbnail or medium
   * size (JPEG) — made now, and kept, for a photo uploaded before sizes were made on upload. A photo the image
   * library cannot decode is served as its original; a size of a document is 404. With `version` (the start of
   * the original's SHA-256, as pages link to it) a stale address is 404 rather than another file.
   */
  async serve(
    actor: Actor,
    findingId: number,
    evidenceId: number,
    size: EvidenceSize = 'original',
    version?: string,
  ): Promise<HashedFile> {
    await this.findings.getScoped(actor, findingId);
    const meta = await this.renditions.evidenceOf(findingId, evidenceId);
    if (!meta || (version !== undefined && hashVersion(meta.sha256) !== version))
      throw notFound('证据 / Evidence', evidenceId);
    const original = async (): Promise<HashedFile> => ({
      ...meta,
      size: 'original',
      content: await this.renditions.originalContent(evidenceId),
    });
    if (size === 'original') return original();
    if (!RESIZABLE.test(meta.mimeType)) throw notFound('该文件的缩略图 / A smaller size of this file');
    const copy = await this.renditions.find(evidenceId, size);
    if (copy) return { ...meta, size, mimeType: copy.mimeType, content: copy.content };
    const made = await resizeImage(await this.renditions.originalContent(evidenceId));
    if (!made.length) return original();
    await this.transactions.run((tx) =>
      this.renditions.insert(
        tx,
        made.map((m) => ({
          evidenceId,
          size: m.size,
          mimeType: m.mimeType,
          width: m.width,
          height: m.height,
          content: m.content,
        })),
      ),
    );
    const wanted = made.find((m) => m.size === size)!;
    return { ...meta, size, mimeType: wanted.mimeType, content: wanted.content };
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
