import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { MajorHazardCriterion } from './entities/major-hazard-criterion.entity';

/** major_hazard_criteria: the 判定依据 reference list (seeded by migrations, read only here). */
@Injectable()
export class MajorHazardCriteriaRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: number, tx: Tx = this.dataSource.manager): Promise<MajorHazardCriterion | null> {
    return tx.getRepository(MajorHazardCriterion).findOneBy({ id });
  }

  findByCode(code: string): Promise<MajorHazardCriterion | null> {
    return this.dataSource.getRepository(MajorHazardCriterion).findOneBy({ code });
  }

  /**
   * The clauses whose text, standard, clause, topic, code or keywords contain every word of `q` (words split on
   * spaces; case-insensitive), current ones first; retired ones only when asked.
   */
  search(q: string | undefined, includeRetired: boolean, limit: number): Promise<MajorHazardCriterion[]> {
    const qb = this.dataSource
      .getRepository(MajorHazardCriterion)
      .createQueryBuilder('c')
      .orderBy('c.retired', 'ASC')
      .addOrderBy('c.code', 'ASC')
      .take(limit);
    if (!includeRetired) qb.andWhere('NOT c.retired');
    (q ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .forEach((word, i) =>
        qb.andWhere(
          `concat_ws(' ', c.code, c.standard, c.clause, c.topic, c.text, array_to_string(c.keywords, ' ')) ILIKE :w${i}`,
          { [`w${i}`]: `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%` },
        ),
      );
    return qb.getMany();
  }
}
