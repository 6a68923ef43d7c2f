import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { ChecklistTemplate } from './inspections.entities';

/** checklist_templates: every version of every checklist. */
@Injectable()
export class ChecklistTemplatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(tx: Tx, row: Partial<ChecklistTemplate>): Promise<ChecklistTemplate> {
    return tx.getRepository(ChecklistTemplate).save(tx.getRepository(ChecklistTemplate).create(row));
  }

  /** Inserts a seeded first version unless its key exists (several instances may start at once). */
  async insertSeed(tx: Tx, row: Partial<ChecklistTemplate>): Promise<boolean> {
    const res = await tx
      .createQueryBuilder()
      .insert()
      .into(ChecklistTemplate)
      .values(row)
      .orIgnore()
      .returning('id')
      .execute();
    return res.raw.length > 0;
  }

  findById(id: number, tx?: Tx): Promise<ChecklistTemplate | null> {
    return (tx ?? this.dataSource.manager).getRepository(ChecklistTemplate).findOne({ where: { id } });
  }

  findByIds(ids: number[], tx?: Tx): Promise<ChecklistTemplate[]> {
    if (!ids.length) return Promise.resolve([]);
    return (tx ?? this.dataSource.manager)
      .getRepository(ChecklistTemplate)
      .createQueryBuilder('t')
      .where('t.id IN (:...ids)', { ids })
      .getMany();
  }

  /** The current version of a key, locked for the edit that makes the next one. */
  currentOfKey(tx: Tx, key: string): Promise<ChecklistTemplate | null> {
    return tx
      .getRepository(ChecklistTemplate)
      .createQueryBuilder('t')
      .where('t.key = :key AND t.current', { key })
      .setLock('pessimistic_write')
      .getOne();
  }

  async markSuperseded(tx: Tx, id: number): Promise<void> {
    await tx.getRepository(ChecklistTemplate).update({ id }, { current: false });
  }

  current(tx?: Tx): Promise<ChecklistTemplate[]> {
    return (tx ?? this.dataSource.manager)
      .getRepository(ChecklistTemplate)
      .find({ where: { current: true }, order: { key: 'ASC' } });
  }

  versionsOf(key: string): Promise<ChecklistTemplate[]> {
    return this.dataSource
      .getRepository(ChecklistTemplate)
      .find({ where: { key }, order: { version: 'DESC' } });
  }
}
