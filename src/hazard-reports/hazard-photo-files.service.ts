import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { notFound } from '../common/errors/domain-error';
import {
  type EvidenceSize,
  RESIZABLE,
  resizeImage,
  type ResizedImage,
  sizesOfUpload,
} from '../common/files/image-sizes';
import { type HashedFile, hashVersion } from '../common/http/file-by-hash';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { HazardPhotoRenditionsRepository } from './hazard-photo-renditions.repository';
import { HazardReportReader } from './hazard-report-reader';

/**
 * A report photo's files: the original byte-for-byte with its SHA-256, and its thumbnail and medium size
 * (hazard_report_photo_renditions, made with the shared image-sizes helper on upload, or on first request).
 */
@Injectable()
export class HazardPhotoFilesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly renditions: HazardPhotoRenditionsRepository,
    private readonly reader: HazardReportReader,
  ) {}

  /**
   * The sizes of an upload, made before the report is locked (resizing a camera photo takes a moment); a photo that
   * cannot be decoded is refused (400 IMAGE_UNREADABLE), before anything is written.
   */
  sizesOf(mimeType: string, content: Buffer): Promise<ResizedImage[]> {
    return sizesOfUpload(mimeType, content);
  }

  /** Stores the sizes of a photo (in the upload's transaction). */
  store(tx: Tx, photoId: number, sizes: ResizedImage[]): Promise<void> {
    return this.renditions.insert(
      tx,
      sizes.map(({ size, mimeType, width, height, content }) => ({
        photoId,
        size,
        mimeType,
        width,
        height,
        content,
      })),
    );
  }

  /**
   * A photo as served, for whoever may see the report (the same check as the report itself: a hidden reporter's
   * report stays as visible as before): the original, or its thumb or medium JPEG — made now, and kept, for a
   * photo uploaded before sizes existed. A photo the image library cannot decode is served as its original. With
   * `version` (the start of the original's SHA-256, as pages link to it) a stale address is 404.
   */
  async serve(
    actor: Actor,
    reportId: number,
    photoId: number,
    size: EvidenceSize = 'original',
    version?: string,
  ): Promise<HashedFile> {
    await this.reader.get(actor, reportId);
    const meta = await this.renditions.photoOf(reportId, photoId);
    if (!meta || (version !== undefined && hashVersion(meta.sha256) !== version))
      throw notFound('照片 / Photo', photoId);
    const original = async (): Promise<HashedFile> => ({
      ...meta,
      size: 'original',
      content: await this.renditions.originalContent(photoId),
    });
    if (size === 'original') return original();
    if (!RESIZABLE.test(meta.mimeType)) throw notFound('该文件的缩略图 / A smaller size of this file');
    const copy = await this.renditions.find(photoId, size);
    if (copy) return { ...meta, size, mimeType: copy.mimeType, content: copy.content };
    const made = await resizeImage(await this.renditions.originalContent(photoId));
    if (!made.length) return original();
    await this.transactions.run((tx) => this.store(tx, photoId, made));
    const wanted = made.find((m) => m.size === size)!;
    return { ...meta, size, mimeType: wanted.mimeType, content: wanted.content };
  }
}
