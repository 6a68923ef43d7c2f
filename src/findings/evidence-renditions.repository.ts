import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { EvidenceRendition } from './entities/evidence-rendition.entity';
import { EvidenceFile } from './entities/rectification.entity';

/** The smaller copies of evidence photos (thumb, medium) and the evidence row they are made of. */
@Injectable()
export class EvidenceRenditionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores copies; one already there (made by a concurrent first request) is kept. */
  async insert(
    tx: Tx,
    rows: Pick<EvidenceRendition, 'evidenceId' | 'size' | 'mimeType' | 'width' | 'height' | 'content'>[],
  ): Promise<void> {
    if (!rows.length) return;
    await tx
      .createQueryBuilder()
      .insert()
      .into(EvidenceRendition)
      .values(rows.map((r) => ({ ...r, sizeBytes: r.content.length })))
      .orIgnore()
      .execute();
  }

  /** One copy with its content, or null when it has not been made. */
  find(evidenceId: number, size: string): Promise<EvidenceRendition | null> {
    return this.dataSource
      .getRepository(EvidenceRendition)
      .createQueryBuilder('r')
      .addSelect('r.content')
      .where('r.evidenceId = :evidenceId AND r.size = :size', { evidenceId, size })
      .getOne();
  }

  /** An evidence file of a finding without its content, or null. */
  evidenceOf(findingId: number, evidenceId: number): Promise<EvidenceFile | null> {
    return this.dataSource.getRepository(EvidenceFile).findOneBy({ id: evidenceId, findingId });
  }

  /** The original's bytes (to make a copy it lacks). */
  async originalContent(evidenceId: number): Promise<Buffer> {
    const row = await this.dataSource
      .getRepository(EvidenceFile)
      .createQueryBuilder('e')
      .select(['e.id'])
      .addSelect('e.content')
      .where('e.id = :evidenceId', { evidenceId })
      .getOneOrFail();
    return row.content;
  }
}
