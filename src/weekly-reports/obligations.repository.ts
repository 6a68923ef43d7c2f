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

/** The units any obligation of a company ($1) ever asked (exported for the benchmark's bare handler). */
export const COMPANY_UNIT_IDS = `SELECT DISTINCT u.unit_id
         FROM weekly_report_obligations o JOIN rounds r ON r.id = o.round_id, unnest(o.unit_ids) AS u(unit_id)
        WHERE r.company_unit_id = $1`;

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

  /**
   * A company's active obligations that may ask for a week between two days (the Monday of the first week, the
   * Thursday of the last), with their round (`round`), oldest first. A superset: the caller decides each week by
   * the rule (obligationRequiresWeek); a round's close is compared two days early, as the business zone's date of
   * an instant is decided in Node (the database's session zone and the business zone may be up to 26 hours apart).
   */
  async findCompanyCampaignsBetween(
    companyUnitId: number,
    firstMonday: string,
    lastThursday: string,
  ): Promise<ReportingObligation[]> {
    return this.dataSource
      .getRepository(ReportingObligation)
      .createQueryBuilder('o')
      .innerJoinAndSelect('o.round', 'r')
      .where('r.companyUnitId = :companyUnitId AND o.active AND o.startDate <= :lastThursday', {
        companyUnitId,
        lastThursday,
      })
      .andWhere('(o.endDate IS NULL OR o.endDate >= :firstMonday)', { firstMonday })
      .andWhere('(r.closedAt IS NULL OR r.closedAt >= CAST(:firstMonday AS date) - 2)', { firstMonday })
      .orderBy('o.id')
      .getMany();
  }

  /** The ids of every obligation of a company's rounds, oldest first. */
  async idsOfCompany(companyUnitId: number): Promise<number[]> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT o.id FROM weekly_report_obligations o JOIN rounds r ON r.id = o.round_id
        WHERE r.company_unit_id = $1 ORDER BY o.id`,
      [companyUnitId],
    );
    return rows.map((r) => r.id);
  }

  /** The units any obligation of a company ever asked (the compliance matrix's rows, before the user's scope). */
  async unitIdsOfCompany(companyUnitId: number): Promise<number[]> {
    const rows: { unit_id: number }[] = await this.dataSource.query(COMPANY_UNIT_IDS, [companyUnitId]);
    return rows.map((r) => r.unit_id);
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
