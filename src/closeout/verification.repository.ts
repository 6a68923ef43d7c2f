import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CachedSelect } from '../common/persistence/cached-select';
import type { Tx } from '../common/persistence/transactions';
import { Verification } from './closeout.entities';

export type NewVerification = Pick<
  Verification,
  'findingId' | 'result' | 'verifiedOn' | 'notes' | 'evidenceIds' | 'verifierId' | 'verifierUnitId'
>;

/** 复查 records (verifications): written once, never changed; the latest one counts for rule 1. */
@Injectable()
export class VerificationRepository {
  /** A finding's latest verification, as `findOne` reads it (same text): every gate reads it, so built once. */
  private readonly latest: CachedSelect<Verification>;

  constructor(private readonly dataSource: DataSource) {
    this.latest = new CachedSelect(dataSource, () =>
      dataSource.createQueryBuilder(Verification, 'Verification').setFindOptions({
        where: { findingId: 0 },
        order: { recordedAt: 'DESC', id: 'DESC' },
        take: 1,
      }),
    );
  }

  async insert(tx: Tx, fields: NewVerification): Promise<Verification> {
    const repo = tx.getRepository(Verification);
    return repo.save(repo.create(fields));
  }

  /** The latest verification of a finding (by when it was recorded), or null. */
  async latestOf(tx: Tx, findingId: number): Promise<Verification | null> {
    return this.latest.getOneAt(tx, 'latest', [findingId]);
  }

  /** A finding's verifications in the order they were recorded (the close-out sheet prints them). */
  allOf(findingId: number): Promise<Verification[]> {
    return this.dataSource.getRepository(Verification).find({ where: { findingId }, order: { id: 'ASC' } });
  }
}
