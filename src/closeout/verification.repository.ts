import { Injectable } from '@nestjs/common';
import type { Tx } from '../common/persistence/transactions';
import { Verification } from './closeout.entities';

export type NewVerification = Pick<
  Verification,
  'findingId' | 'result' | 'verifiedOn' | 'notes' | 'evidenceIds' | 'verifierId' | 'verifierUnitId'
>;

/** 复查 records (verifications): written once, never changed; the latest one counts for rule 1. */
@Injectable()
export class VerificationRepository {
  async insert(tx: Tx, fields: NewVerification): Promise<Verification> {
    const repo = tx.getRepository(Verification);
    return repo.save(repo.create(fields));
  }

  /** The latest verification of a finding (by when it was recorded), or null. */
  async latestOf(tx: Tx, findingId: number): Promise<Verification | null> {
    return tx
      .getRepository(Verification)
      .findOne({ where: { findingId }, order: { recordedAt: 'DESC', id: 'DESC' } });
  }
}
