import { Injectable } from '@nestjs/common';
import type { Tx } from '../common/persistence/transactions';
import { CloseoutRefusal } from './entities/closeout-refusal.entity';

/** The closeout_refusals table: one row per refused close-out attempt (written by the closeout module). */
@Injectable()
export class CloseoutRefusalsRepository {
  async insert(tx: Tx, values: Omit<CloseoutRefusal, 'id' | 'finding'>): Promise<CloseoutRefusal> {
    return tx.getRepository(CloseoutRefusal).save(tx.getRepository(CloseoutRefusal).create(values));
  }
}
