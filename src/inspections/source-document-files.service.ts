import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { checkUpload, type AllowedUploads, type UploadedFile } from '../common/files/file-type';
import { assertPhotoReadable } from '../common/files/image-sizes';
import { hashVersion, type HashedFile } from '../common/http/file-by-hash';
import { Transactions } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { HazardSourcesRepository } from './hazard-sources.repository';
import { HazardSourcesService } from './hazard-sources.service';
import { SOURCE_DOCUMENT_LABEL, SourceStatus } from './inspection.enums';
import { assertManages } from './inspections-access';
import { documentKey, documentKeyOfFile } from './rules/gaps';
import type { DocumentFileMeta } from './source-document-file.entity';
import type { SourceDocumentFileDto } from './source-document-file.dto';

/** What a 制度, 规程 or 预案 may be uploaded as: the signed PDF, the Word original, or a photo of the paper. */
export const SOURCE_DOCUMENT_UPLOADS: AllowedUploads = {
  extensions: ['pdf', 'doc', 'docx', 'jpg', 'jpeg', 'png', 'webp'],
  described: 'PDF、Word(.doc/.docx) 或图片(jpg/png/webp)',
};

/** The facts of a stored file the change log keeps (the bytes are named by their SHA-256). */
const facts = (f: DocumentFileMeta) => ({
  fileId: f.id,
  fileName: f.fileName,
  mimeType: f.mimeType,
  sizeBytes: f.sizeBytes,
  sha256: f.sha256,
});

/**
 * The files of a 重要危险源's documents (issue 20): uploaded by whoever manages the source, stored in PostgreSQL
 * byte-for-byte with their SHA-256 as evidence is, each upload in the change log; a new upload replaces the current
 * file and the old one stays retrievable. Read by whoever may see the source.
 */
@Injectable()
export class SourceDocumentFilesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: HazardSourcesRepository,
    private readonly sources: HazardSourcesService,
    private readonly audit: AuditLogService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Stores the file of one document of the source (named by type, number and version), replacing its current one. */
  upload(actor: Actor, sourceId: number, ref: SourceDocumentFileDto, file: UploadedFile | undefined) {
    return this.transactions.run(async (tx) => {
      // The source row is locked: two uploads for one document are stored one after the other.
      const s = await this.sources.getRow(actor, sourceId, tx, true);
      assertManages(actor, s.unitPath);
      if (s.status !== SourceStatus.ACTIVE)
        throw conflict(
          'SOURCE_DECOMMISSIONED',
          '该重要危险源已销号，不能再上传文件 / The source is closed out',
        );
      const doc = s.documents.find((d) => documentKey(d) === documentKey(ref));
      if (!doc) throw unknownDocument(ref);
      const { fileName, mimeType, sizeBytes } = checkUpload(
        file,
        this.config.EVIDENCE_MAX_BYTES,
        SOURCE_DOCUMENT_UPLOADS,
      );
      const content = file!.buffer;
      await assertPhotoReadable(mimeType, content); // a photo of the document: one that cannot be read is no copy
      const current = s.documentFiles.find((f) => documentKeyOfFile(f) === documentKey(doc)) ?? null;
      const saved = await this.repo.insertFile(
        tx,
        {
          sourceId,
          documentType: doc.type,
          documentNumber: doc.number,
          documentVersion: doc.version,
          fileName,
          mimeType,
          sizeBytes,
          sha256: createHash('sha256').update(content).digest('hex'),
          content,
          uploadedById: actor.id,
          uploadedByName: actor.displayName,
        },
        current && { id: current.id, at: this.clock.now() },
      );
      await this.audit.record(tx, actor, {
        action: 'HAZARD_SOURCE_DOCUMENT_FILE_UPLOADED',
        entityType: 'HazardSource',
        entityId: sourceId,
        unitId: s.unitId,
        before: current ? { documentFile: facts(current) } : null,
        after: { documentFile: facts(saved) },
        note: { document: { type: doc.type, number: doc.number, version: doc.version, title: doc.title } },
      });
      return { ...saved, replacedFileId: current?.id ?? null };
    });
  }

  /** Every file of the source's documents, the current ones and those replaced, newest first. */
  async list(actor: Actor, sourceId: number): Promise<DocumentFileMeta[]> {
    await this.sources.getRow(actor, sourceId);
    return this.repo.filesOf(sourceId);
  }

  /**
   * One file as served, for whoever may see the source (404 otherwise, as the source). With `version` (the start
   * of its SHA-256, as pages link it) a stale address is 404 rather than another file.
   */
  async serve(actor: Actor, sourceId: number, fileId: number, version?: string): Promise<HashedFile> {
    await this.sources.getRow(actor, sourceId);
    const f = await this.repo.fileWithContent(sourceId, fileId);
    if (!f || (version !== undefined && hashVersion(f.sha256) !== version))
      throw notFound('文件 / Document file', fileId);
    return {
      fileName: f.fileName,
      mimeType: f.mimeType,
      content: f.content,
      sha256: f.sha256,
      size: 'original',
    };
  }
}

/** 400 UNKNOWN_DOCUMENT: the source lists no document of that type, number and version. */
function unknownDocument(ref: SourceDocumentFileDto): DomainError {
  const label = SOURCE_DOCUMENT_LABEL[ref.type] ?? ref.type;
  return new DomainError(
    'BAD_REQUEST',
    'UNKNOWN_DOCUMENT',
    `该重要危险源没有编号 ${ref.number}、版本 ${ref.version} 的${label}，请先在台账中登记该文件 / The source lists no such document`,
    [{ field: 'number', messages: [`没有编号 ${ref.number}、版本 ${ref.version} 的${label}`] }],
  );
}
