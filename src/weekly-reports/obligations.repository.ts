import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { ReportingObligation } from './weekly-report.entities';

export type NewObligation = Pick<
  ReportingObligation,
  | 'name'
  | 'roundId'
  | 'unitIds'
  | 'startDate'
  | 'endDate'
  | 'countedFrom'
  | 'dueTime'
  | 'active'
  | 'createdById'
>;

/** The reporting obligations (weekly_report_obligations): who must report for a campaign, from when. */
@Injectable()
export class ObligationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(tx: Tx, values: NewObligation): Promise<ReportingObligation> {
    const repo = tx.getRepository(ReportingObligation);
    return repo.save(repo.create(values));
  }

  findById(tx: Tx, id: number): Promise<ReportingObligation | null> {
    return tx.getRepository(ReportingObligation).findOneBy({ id });
  }

  /** Every obligation, oldest first. */
  findAll(): Promise<ReportingObligation[]> {
    return this.dataSource.getRepository(ReportingObligation).find({ order: { id: 'ASC' } });
  }

  findActive(): Promise<ReportingObligation[]> {
    return this.dataSource
      .getRepository(ReportingObligation)
      .find({ where: { active: true }, order: { id: 'ASC' } });
  }

  /** Serialises the setting of a round's obligations (the overlap check then sees every earlier one). */
  async lockRound(tx: Tx, roundId: number): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('weekly_report_obligations'), $1)`, [roundId]);
  }

  /** The obligations of some rounds (a company's campaigns), oldest first. */
  async findByRounds(roundIds: number[], tx?: Tx): Promise<ReportingObligation[]> {
    if (!roundIds.length) return [];
    return (tx ?? this.dataSource.manager)
      .getRepository(ReportingObligation)
      .find({ where: { roundId: In(roundIds) }, order: { id: 'ASC' } });
  }

  /** The active obligations of a round that run on a day (its start date on or before, no end or ending on or after). */
  findCovering(tx: Tx, roundId: number, day: string): Promise<ReportingObligation[]> {
    return tx
      .getRepository(ReportingObligation)
      .createQueryBuilder('o')
      .where('o.roundId = :roundId AND o.active AND o.startDate <= :day', { roundId, day })
      .andWhere('(o.endDate IS NULL OR o.endDate >= :day)', { day })
      .orderBy('o.id')
      .getMany();
  }
}
