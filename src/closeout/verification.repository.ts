import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { Verification } from './closeout.entities';

export type NewVerification = Pick<
  Verification,
  'findingId' | 'result' | 'verifiedOn' | 'notes' | 'evidenceIds' | 'verifierId' | 'verifierUnitId'
>;

/** 复查 records (verifications): written once, never changed; the latest one counts for rule 1. */
@Injectable()
export class VerificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: Tx, fields: NewVerification): Promise<Verification> {
    const repo = tx.getRepository(Verification);
    return repo.save(repo.create(fields));
  }

  /** A finding's verifications in the order they were recorded (the close-out sheet prints them). */
  allOf(findingId: number): Promise<Verification[]> {
    return this.dataSource.getRepository(Verification).find({ where: { findingId }, order: { id: 'ASC' } });
  }
}
