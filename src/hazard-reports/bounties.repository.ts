import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { conflict } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import type { HazardLevel } from '../findings/finding.enums';
import { Bounty, BountyBudget } from './hazard-report.entities';
import { BountyStatus } from './hazard-report.enums';

/**
 * The day a bounty belongs to a period by (one rule for the ledger, its year filter, the budget, the payment sheet and
 * the dashboard): the day of the step it is at now. Money paid belongs to the day it was paid (发放日期); an approved
 * or rejected bounty to the day it was decided; a proposal to the day it was made; a cancelled one to its last step
 * before the cancellation (its decision, else its proposal: the cancellation's own day is not stored). `tz` is the
 * placeholder of the business time zone.
 */
export const bountyStepDay = (tz: string) =>
  `(CASE WHEN b.status = 'PAID' THEN b.paid_on ELSE (coalesce(b.decided_at, b.proposed_at) AT TIME ZONE ${tz})::date END)`;

export type NewBounty = Pick<Bounty, 'hazardReportId' | 'level' | 'amountYuan' | 'status' | 'proposedById'>;

/** A ledger line: the bounty, its approver's name and its report as listed. */
export interface LedgerRow {
  b_id: number;
  b_status: BountyStatus;
  amount_yuan: number;
  b_level: HazardLevel;
  proposed_at: Date;
  decided_at: Date | null;
  /** The day the bounty belongs to a period by: see bountyStepDay. */
  step_on: string;
  approver_name: string | null;
  paid_on: string | null;
  payment_ref: string | null;
  id: number;
  reporter_id: number;
  reporter_name: string;
  reporter_unit_name: string | null;
  on_behalf_of_unit_id: number | null;
  on_behalf_of_unit_name: string | null;
  hide_identity: boolean;
  hazard_unit_id: number;
  hazard_unit_name: string;
  location: string;
  description: string;
  finding_code: string | null;
  finding_id: number | null;
}

export interface LedgerFilter {
  /** Calendar dates in `timeZone`, inclusive. */
  from?: string;
  to?: string;
  status?: string;
  /** The unit's subtree. */
  unitId?: number;
  reporterId?: number;
  /** With reporterId: also find reports whose reporter hid their identity (the handlers only). */
  includeHiddenReporters: boolean;
  /** UnitScope's LIKE pattern of the hazard unit's path, or null. */
  unitPathPattern: string | null;
}

/** The bounties and bounty_budgets tables. */
@Injectable()
export class BountiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new bounty; a second live bounty of the same report is refused (unique index uq_bounty_per_report). */
  async insert(tx: Tx, bounty: NewBounty): Promise<Bounty> {
    const repo = tx.getRepository(Bounty);
    try {
      return await repo.save(repo.create(bounty));
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505')
        throw conflict('BOUNTY_EXISTS', '该举报已有奖励 / This report already has a bounty');
      throw err;
    }
  }

  /** The bounty, locked for a change of its state. */
  async lock(tx: Tx, id: number): Promise<Bounty | null> {
    return tx.getRepository(Bounty).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async save(tx: Tx, bounty: Bounty): Promise<Bounty> {
    return tx.getRepository(Bounty).save(bounty);
  }

  async budget(year: number, tx: Tx = this.dataSource.manager): Promise<BountyBudget | null> {
    return tx.getRepository(BountyBudget).findOneBy({ year });
  }

  /**
   * Sets a year's budget in the caller's transaction and answers what it was before (null: none). A first budget is
   * inserted — ON CONFLICT waits for a concurrent first insert of the year and, once that committed, leaves the year to
   * the update — and an existing one is read under its row lock (the value its last setter committed) and updated. So
   * concurrent PUTs of a new year all apply, one after another, each seeing the one before it (no unique violation).
   */
  async setBudget(tx: Tx, budget: BountyBudget): Promise<{ amountYuan: number } | null> {
    const values = [budget.year, budget.amountYuan, budget.setById];
    const inserted = (await tx.query(
      `INSERT INTO bounty_budgets (year, amount_yuan, set_by_id) VALUES ($1, $2, $3)
        ON CONFLICT (year) DO NOTHING RETURNING year`,
      values,
    )) as unknown[];
    if (inserted.length) return null;
    const [before] = (await tx.query(
      `SELECT amount_yuan AS "amountYuan" FROM bounty_budgets WHERE year = $1 FOR UPDATE`,
      [budget.year],
    )) as { amountYuan: number }[];
    await tx.query(`UPDATE bounty_budgets SET amount_yuan = $2, set_by_id = $3 WHERE year = $1`, values);
    return before;
  }

  /**
   * What is committed to a year's budget: bounties paid that year (发放日期), approved that year and not yet paid, and
   * proposed that year and not yet decided — each bounty in the year of the step it is at now (bountyStepDay).
   */
  async committed(year: number, timeZone: string, tx: Tx = this.dataSource.manager): Promise<number> {
    const [{ committed }] = (await tx.query(
      `SELECT coalesce(sum(b.amount_yuan), 0)::int AS committed FROM bounties b
        WHERE b.status IN ('PROPOSED', 'APPROVED', 'PAID') AND ${bountyStepDay('$2')} BETWEEN make_date($1, 1, 1) AND make_date($1, 12, 31)`,
      [year, timeZone],
    )) as { committed: number }[];
    return committed;
  }

  /**
   * Bounties paid in a period (payment dates, inclusive) for hazards in the scope / a unit's subtree: count and yuan —
   * the ledger's PAID rows of the same period (a paid bounty's bountyStepDay is its payment date).
   */
  async paidTotals(f: {
    from: string;
    to: string;
    unitId?: number;
    unitPathPattern: string | null;
  }): Promise<{ count: number; yuan: number }> {
    const params: unknown[] = [f.from, f.to];
    let where = '';
    if (f.unitId) {
      params.push(f.unitId);
      where += ` AND hu.path LIKE (SELECT p.path FROM units p WHERE p.id = $${params.length}) || '%'`;
    }
    if (f.unitPathPattern !== null) {
      params.push(f.unitPathPattern);
      where += ` AND hu.path LIKE $${params.length}`;
    }
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count, coalesce(sum(b.amount_yuan), 0)::int AS yuan
         FROM bounties b JOIN hazard_reports h ON h.id = b.hazard_report_id JOIN units hu ON hu.id = h.hazard_unit_id
        WHERE b.status = 'PAID' AND b.paid_on BETWEEN $1 AND $2${where}`,
      params,
    )) as { count: number; yuan: number }[];
    return row;
  }

  /** 奖励台账 lines of a period by bountyStepDay, in the order they were proposed. */
  async ledgerRows(f: LedgerFilter, timeZone: string): Promise<LedgerRow[]> {
    const params: unknown[] = [timeZone];
    const where: string[] = [];
    const add = (value: unknown, condition: (p: string) => string) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (f.from) add(f.from, (p) => `${bountyStepDay('$1')} >= ${p}`);
    if (f.to) add(f.to, (p) => `${bountyStepDay('$1')} <= ${p}`);
    if (f.status) add(f.status, (p) => `b.status = ${p}`);
    if (f.unitId) add(f.unitId, (p) => `hu.path LIKE (SELECT p.path FROM units p WHERE p.id = ${p}) || '%'`);
    if (f.reporterId)
      add(
        f.reporterId,
        (p) => `h.reporter_id = ${p}${f.includeHiddenReporters ? '' : ' AND NOT h.hide_identity'}`,
      );
    if (f.unitPathPattern !== null) add(f.unitPathPattern, (p) => `hu.path LIKE ${p}`);
    return (await this.dataSource.query(
      `SELECT b.id AS b_id, b.status AS b_status, ${bountyStepDay('$1')}::text AS step_on, b.amount_yuan, b.level AS b_level, b.proposed_at, b.decided_at, ap.display_name AS approver_name, b.paid_on, b.payment_ref,
                h.id, h.reporter_id, ru.display_name AS reporter_name, rhu.name AS reporter_unit_name, h.on_behalf_of_unit_id, bu.name AS on_behalf_of_unit_name,
                h.hide_identity, h.hazard_unit_id, hu.name AS hazard_unit_name, h.location, h.description, f.code AS finding_code, h.finding_id
           FROM bounties b
           JOIN hazard_reports h ON h.id = b.hazard_report_id
           JOIN users ru ON ru.id = h.reporter_id
           LEFT JOIN units rhu ON rhu.id = ru.home_unit_id
           LEFT JOIN units bu ON bu.id = h.on_behalf_of_unit_id
           JOIN units hu ON hu.id = h.hazard_unit_id
           LEFT JOIN findings f ON f.id = h.finding_id
           LEFT JOIN users ap ON ap.id = b.decided_by_id AND b.status IN ('APPROVED', 'PAID')
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY b.proposed_at, b.id`,
      params,
    )) as LedgerRow[];
  }
}
