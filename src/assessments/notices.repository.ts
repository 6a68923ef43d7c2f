import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { Notice } from './assessment.entities';

/** The notices table (`notices`, 通报): every read and write of notices. */
@Injectable()
export class NoticesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new notice object (not yet saved). */
  build(values: Partial<Notice>): Notice {
    return this.dataSource.getRepository(Notice).create(values);
  }

  save(tx: Tx, notice: Notice): Promise<Notice> {
    return tx.getRepository(Notice).save(notice);
  }

  /** A notice locked for the change, or null. */
  lock(tx: Tx, id: number): Promise<Notice | null> {
    return tx.getRepository(Notice).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findById(id: number, tx: Tx = this.dataSource.manager): Promise<Notice | null> {
    return tx.getRepository(Notice).findOneBy({ id });
  }

  /** All notices, or only the published ones, newest first. */
  list(publishedOnly: boolean): Promise<Notice[]> {
    const where = publishedOnly ? { status: 'PUBLISHED' as const } : {};
    return this.dataSource.getRepository(Notice).find({ where, order: { id: 'DESC' } });
  }
}
