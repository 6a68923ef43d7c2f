import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { HazardReportPhoto, HazardReportPhotoRendition } from './hazard-report.entities';

export type NewPhotoRendition = Pick<
  HazardReportPhotoRendition,
  'photoId' | 'size' | 'mimeType' | 'width' | 'height' | 'content'
>;

/** The smaller copies of report photos (hazard_report_photo_renditions: thumb, medium) and the photo they are of. */
@Injectable()
export class HazardPhotoRenditionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores copies; one already there (made by a concurrent first request) is kept. */
  async insert(tx: Tx, rows: NewPhotoRendition[]): Promise<void> {
    if (!rows.length) return;
    await tx
      .createQueryBuilder()
      .insert()
      .into(HazardReportPhotoRendition)
      .values(rows.map((r) => ({ ...r, sizeBytes: r.content.length })))
      .orIgnore()
      .execute();
  }

  /** One copy with its content, or null when it has not been made. */
  find(photoId: number, size: string): Promise<HazardReportPhotoRendition | null> {
    return this.dataSource
      .getRepository(HazardReportPhotoRendition)
      .createQueryBuilder('r')
      .addSelect('r.content')
      .where('r.photoId = :photoId AND r.size = :size', { photoId, size })
      .getOne();
  }

  /** A photo of a report without its content, or null. */
  photoOf(reportId: number, photoId: number): Promise<HazardReportPhoto | null> {
    return this.dataSource.getRepository(HazardReportPhoto).findOneBy({ id: photoId, reportId });
  }

  /** The original's bytes. */
  async originalContent(photoId: number): Promise<Buffer> {
    const row = await this.dataSource
      .getRepository(HazardReportPhoto)
      .createQueryBuilder('p')
      .select(['p.id'])
      .addSelect('p.content')
      .where('p.id = :photoId', { photoId })
      .getOneOrFail();
    return row.content;
  }
}
