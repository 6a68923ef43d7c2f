import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A transaction in progress. Services start one with `Transactions.run` and pass it to every repository call of the
 * same change (their own module's and other modules' services), so a multi-step change commits or fails as one.
 */
export type Tx = EntityManager;

@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one READ COMMITTED transaction; it commits when `work` resolves and rolls back when it throws. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
