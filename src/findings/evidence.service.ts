import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { DomainError, notFound } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { EvidenceFile } from './entities/rectification.entity';
import { EvidenceKind, FindingStatus } from './finding.enums';
import { FindingsService } from './findings.service';

/** Accepted evidence types, recognised by their first bytes (the declared type alone is not trusted). */
const SIGNATURES: { mime: string; ext: string[]; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', ext: ['jpg', 'jpeg'], test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/png',
    ext: ['png'],
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: 'image/webp',
    ext: ['webp'],
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { mime: 'application/pdf', ext: ['pdf'], test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  // Office Open XML (docx, xlsx, pptx) are zip files.
  {
    mime: 'application/vnd.openxmlformats-officedocument',
    ext: ['docx', 'xlsx', 'pptx'],
    test: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  // Legacy Office (doc, xls, ppt) are OLE compound files.
  {
    mime: 'application/x-ole-storage',
    ext: ['doc', 'xls', 'ppt'],
    test: (b) => b.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])),
  },
];
const OFFICE_MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

export interface UploadedEvidence {
  originalname: string;
  buffer: Buffer;
  size: number;
}

@Injectable()
export class EvidenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly audit: AuditLogService,
    private readonly config: AppConfig,
  ) {}

  async upload(
    actor: Actor,
    findingId: number,
    file: UploadedEvidence | undefined,
    kind: EvidenceKind,
    caption?: string,
  ) {
    if (!file)
      throw new DomainError(
        'BAD_REQUEST',
        'VALIDATION_FAILED',
        '请选择要上传的文件（字段名 file） / Attach the file as "file"',
        [{ field: 'file', messages: ['required'] }],
      );
    // Browsers send UTF-8 names, multer reads them as latin1.
    const fileName = Buffer.from(file.originalname, 'latin1')
      .toString('utf8')
      .replace(/[\\/\0]/g, '_')
      .slice(0, 200);
    const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
    const signature = SIGNATURES.find((s) => s.ext.includes(ext));
    if (!signature) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'EVIDENCE_TYPE_NOT_ALLOWED',
        `不支持的文件类型 .${ext}；可上传照片(jpg/png/webp)、PDF 或 Office 文档 / Allowed: jpg, png, webp, pdf, doc(x), xls(x), ppt(x)`,
        [{ field: 'file', messages: [`.${ext} not allowed`] }],
      );
    }
    if (!signature.test(file.buffer)) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'EVIDENCE_CONTENT_MISMATCH',
        `文件内容与扩展名 .${ext} 不符 / The content is not a .${ext} file`,
        [{ field: 'file', messages: ['content does not match the extension'] }],
      );
    }
    if (file.size > this.config.EVIDENCE_MAX_BYTES) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        'PAYLOAD_TOO_LARGE',
        `文件超过 ${Math.round(this.config.EVIDENCE_MAX_BYTES / 1048576)} MB / File too large`,
      );
    }
    const mimeType = OFFICE_MIME[ext] ?? signature.mime;
    return this.dataSource.transaction(async (m) => {
      const f = await this.findings.getScoped(actor, findingId, m, true);
      if (f.status === FindingStatus.CLOSED || f.status === FindingStatus.CANCELLED)
        throw this.findings.stateConflict(f, '上传证据 / add evidence');
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      const row = m.getRepository(EvidenceFile).create({
        findingId,
        kind,
        fileName,
        mimeType,
        sizeBytes: file.size,
        sha256,
        content: file.buffer,
        caption: caption ?? null,
        uploadedById: actor.id,
      });
      await m.getRepository(EvidenceFile).save(row);
      await this.audit.record(m, actor, {
        action: 'EVIDENCE_ADDED',
        entityType: 'Finding',
        entityId: findingId,
        unitId: f.unitId,
        after: { evidenceId: row.id, kind, fileName, sizeBytes: file.size, sha256 },
      });
      const { content: _c, ...meta } = row;
      return meta;
    });
  }

  /** The file, for whoever may see the finding. */
  async download(actor: Actor, findingId: number, evidenceId: number) {
    await this.findings.getScoped(actor, findingId);
    const row = await this.dataSource
      .getRepository(EvidenceFile)
      .createQueryBuilder('e')
      .addSelect('e.content')
      .where('e.id = :evidenceId AND e.findingId = :findingId', { evidenceId, findingId })
      .getOne();
    if (!row) throw notFound('证据 / Evidence', evidenceId);
    return row;
  }
}
