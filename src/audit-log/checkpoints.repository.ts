import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChangeLogCheckpoint } from './change-log-checkpoint.entity';

/** Signed checkpoints of the change-log head (change_log_checkpoints). */
@Injectable()
export class CheckpointsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a checkpoint; a second one for the same entry (two instances at once) is dropped. */
  async insert(cp: ChangeLogCheckpoint): Promise<void> {
    await this.dataSource
      .getRepository(ChangeLogCheckpoint)
      .createQueryBuilder()
      .insert()
      .values(cp)
      .orIgnore()
      .execute();
  }

  latest(): Promise<ChangeLogCheckpoint | null> {
    return this.dataSource
      .getRepository(ChangeLogCheckpoint)
      .createQueryBuilder('c')
      .orderBy('c.seq', 'DESC')
      .limit(1)
      .getOne();
  }

  /** Every checkpoint, in chain order. */
  all(): Promise<ChangeLogCheckpoint[]> {
    return this.dataSource
      .getRepository(ChangeLogCheckpoint)
      .createQueryBuilder('c')
      .orderBy('c.seq', 'ASC')
      .getMany();
  }
}
