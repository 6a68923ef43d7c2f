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

  /**
   * Runs reads that need no transaction, each statement on any free connection: under READ COMMITTED every statement
   * takes its own snapshot inside a transaction or not, so one would only add BEGIN and COMMIT (issue 22). For code
   * that takes a `Tx` and is also used inside changes (e.g. the close-out gate's facts).
   */
  read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }
}
