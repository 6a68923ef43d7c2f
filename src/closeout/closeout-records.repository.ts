import { Injectable } from '@nestjs/common';
import type { Tx } from '../common/persistence/transactions';
import {
  AccountabilityRecord,
  CloseoutRecord,
  MechanismRecord,
  SatisfactionConfirmation,
  SweepRecord,
} from './closeout.entities';

type New<T> = Omit<T, 'id' | 'recordedAt' | 'finding'>;

/**
 * The records of the 五个不放过 (sweep, mechanism, accountability, satisfaction) and the close-out record itself:
 * each is written once and read per finding in the order recorded.
 */
@Injectable()
export class CloseoutRecordsRepository {
  async insertSweep(tx: Tx, fields: New<SweepRecord>): Promise<SweepRecord> {
    const repo = tx.getRepository(SweepRecord);
    return repo.save(repo.create(fields));
  }

  async insertMechanism(tx: Tx, fields: New<MechanismRecord>): Promise<MechanismRecord> {
    const repo = tx.getRepository(MechanismRecord);
    return repo.save(repo.create(fields));
  }

  async insertAccountability(tx: Tx, fields: New<AccountabilityRecord>): Promise<AccountabilityRecord> {
    const repo = tx.getRepository(AccountabilityRecord);
    return repo.save(repo.create(fields));
  }

  async insertSatisfaction(tx: Tx, fields: New<SatisfactionConfirmation>): Promise<SatisfactionConfirmation> {
    const repo = tx.getRepository(SatisfactionConfirmation);
    return repo.save(repo.create(fields));
  }

  async insertCloseout(tx: Tx, fields: Omit<CloseoutRecord, 'id' | 'finding'>): Promise<CloseoutRecord> {
    const repo = tx.getRepository(CloseoutRecord);
    return repo.save(repo.create(fields));
  }
}
