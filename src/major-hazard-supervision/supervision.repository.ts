import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import type { Tx } from '../common/persistence/transactions';
import { SupervisionExtension, SupervisionListing } from './supervision.entities';
import { ListingExtensionStatus } from './supervision.enums';

/** A listing as lists and the detail show it: the listing's columns with its finding's and unit's names. */
export interface ListingRow {
  id: number;
  finding_id: number;
  doc_number: string;
  level: string;
  supervising_unit: string;
  requirements: string;
  deadline: string;
  original_deadline: string;
  status: string;
  public_notice: boolean;
  listed_at: Date;
  listed_by_name: string | null;
  served_to: string | null;
  served_at: Date | null;
  served_by_name: string | null;
  signed_by_name: string | null;
  signed_at: Date | null;
  acceptance_requested_at: Date | null;
  acceptance_request_note: string | null;
  acceptance_evidence_ids: number[];
  acceptance_due_on: string | null;
  accepted_on: string | null;
  accepted_by_name: string | null;
  acceptance_opinion: string | null;
  failed_acceptances: number;
  delisted_at: Date | null;
  delisted_by_name: string | null;
  delist_note: string | null;
  version: number;
  finding_code: string;
  finding_description: string;
  finding_location: string;
  finding_status: string;
  finding_deadline: string;
  responsible_person: string;
  responsible_leader: string | null;
  unit_id: number;
  unit_name: string;
}

export interface ListingFilter {
  status?: string;
  level?: string;
  /** The unit's subtree. */
  unitId?: number;
  overdue?: boolean;
  /** Not delisted yet. */
  open?: boolean;
  awaitingAcceptance?: boolean;
  acceptanceOverdue?: boolean;
  /** Only listings published on the notice board (公告). */
  publicOnly?: boolean;
  limit: number;
  offset: number;
}

/** The figures of listed findings (not delisted, apart from `delisted`). */
export interface ListingCounts {
  open: number;
  group: number;
  company: number;
  second_level: number;
  overdue: number;
  awaiting_acceptance: number;
  acceptance_overdue: number;
  delisted: number;
}

const SELECT = `SELECT l.id, l.finding_id, l.doc_number, l.level, l.supervising_unit, l.requirements,
       to_char(l.deadline, 'YYYY-MM-DD') AS deadline, to_char(l.original_deadline, 'YYYY-MM-DD') AS original_deadline,
       l.status, l.public_notice, l.listed_at, lb.display_name AS listed_by_name, l.served_to, l.served_at,
       sb.display_name AS served_by_name, l.signed_by_name, l.signed_at, l.acceptance_requested_at,
       l.acceptance_request_note, l.acceptance_evidence_ids, to_char(l.acceptance_due_on, 'YYYY-MM-DD') AS acceptance_due_on,
       to_char(l.accepted_on, 'YYYY-MM-DD') AS accepted_on, ab.display_name AS accepted_by_name, l.acceptance_opinion,
       l.failed_acceptances, l.delisted_at, db.display_name AS delisted_by_name, l.delist_note, l.version,
       f.code AS finding_code, f.description AS finding_description, f.location AS finding_location,
       f.status AS finding_status, to_char(f.deadline, 'YYYY-MM-DD') AS finding_deadline, f.responsible_person,
       f.responsible_leader, u.id AS unit_id, u.name AS unit_name
  FROM supervision_listings l
  JOIN findings f ON f.id = l.finding_id
  JOIN units u ON u.id = f.unit_id
  LEFT JOIN users lb ON lb.id = l.listed_by_id
  LEFT JOIN users sb ON sb.id = l.served_by_id
  LEFT JOIN users ab ON ab.id = l.accepted_by_id
  LEFT JOIN users db ON db.id = l.delisted_by_id`;

const RUNNING = `l.status IN ('LISTED', 'SERVED', 'SIGNED')`;

/**
 * supervision_listings, supervision_extensions and supervision_doc_counters (挂牌督办). Lists and counts read the
 * finding's code, status and unit in the same statement (read-only joins), so scope, filters and paging are one query.
 */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The next 文号 number of the year: the counter only grows, so a number is never given twice. */
  async nextDocNumber(tx: Tx, year: number): Promise<number> {
    const rows: { last_number: number }[] = await tx.query(
      `INSERT INTO supervision_doc_counters (year, last_number) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = supervision_doc_counters.last_number + 1
       RETURNING last_number`,
      [year],
    );
    return rows[0].last_number;
  }

  insert(tx: Tx, listing: Partial<SupervisionListing>): Promise<SupervisionListing> {
    const repo = tx.getRepository(SupervisionListing);
    return repo.save(repo.create(listing));
  }

  /**
   * Saves a step; the version moves on every step, also one that changes only the listing's extensions (a request
   * or a decision is a change of the listing others must not overwrite unknowingly).
   */
  async save(tx: Tx, listing: SupervisionListing): Promise<SupervisionListing> {
    const version = listing.version;
    const saved = await tx.getRepository(SupervisionListing).save(listing);
    if (saved.version === version) {
      await tx.query(`UPDATE supervision_listings SET version = version + 1 WHERE id = $1`, [saved.id]);
      saved.version = version + 1;
    }
    return saved;
  }

  /** The listing if its finding's unit is inside the scope, locked FOR UPDATE until `tx` ends. */
  lockInScope(tx: Tx, scope: UnitScope, id: number): Promise<SupervisionListing | null> {
    const qb = tx
      .getRepository(SupervisionListing)
      .createQueryBuilder('l')
      .innerJoin('l.finding', 'f')
      .innerJoin('f.unit', 'u')
      .where('l.id = :id', { id })
      .setLock('pessimistic_write', undefined, ['l']);
    return scope.applyTo(qb, 'u.path').getOne();
  }

  /** The finding's listing that is not delisted yet, if any. */
  openListingOf(tx: Tx, findingId: number): Promise<SupervisionListing | null> {
    return tx
      .getRepository(SupervisionListing)
      .createQueryBuilder('l')
      .where('l.findingId = :findingId AND l.status <> :delisted', { findingId, delisted: 'DELISTED' })
      .getOne();
  }

  /** Every listing of the finding, newest first (ids only with status, for the finding's page). */
  async listingsOfFinding(findingId: number): Promise<{ id: number; status: string; doc_number: string }[]> {
    return this.dataSource.query(
      `SELECT id, status, doc_number FROM supervision_listings WHERE finding_id = $1 ORDER BY id DESC`,
      [findingId],
    );
  }

  async row(scope: UnitScope, id: number, tx: Tx = this.dataSource.manager): Promise<ListingRow | null> {
    const s = scope.sqlCondition('u.path', 2);
    const rows: ListingRow[] = await tx.query(`${SELECT} WHERE l.id = $1${s.sql}`, [id, ...s.params]);
    return rows[0] ?? null;
  }

  private where(scope: UnitScope, f: Omit<ListingFilter, 'limit' | 'offset'>, today: string) {
    const params: unknown[] = [];
    const conds: string[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const s = scope.sqlCondition('u.path', params.length + 1);
    if (s.sql) {
      conds.push(s.sql.replace(/^ AND /, ''));
      params.push(...s.params);
    }
    if (f.status) conds.push(`l.status = ${p(f.status)}`);
    if (f.level) conds.push(`l.level = ${p(f.level)}`);
    if (f.unitId) conds.push(`u.path LIKE (SELECT path FROM units WHERE id = ${p(f.unitId)}) || '%'`);
    if (f.overdue) conds.push(`${RUNNING} AND l.deadline < ${p(today)}::date`);
    if (f.open) conds.push(`l.status <> 'DELISTED'`);
    if (f.awaitingAcceptance) conds.push(`l.status = 'ACCEPTANCE_REQUESTED'`);
    if (f.acceptanceOverdue)
      conds.push(`l.status = 'ACCEPTANCE_REQUESTED' AND l.acceptance_due_on < ${p(today)}::date`);
    if (f.publicOnly) conds.push(`l.public_notice`);
    return { sql: conds.length ? ` WHERE ${conds.join(' AND ')}` : '', params };
  }

  async page(
    scope: UnitScope,
    f: ListingFilter,
    today: string,
  ): Promise<{ rows: ListingRow[]; total: number }> {
    const w = this.where(scope, f, today);
    const n = w.params.length;
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `${SELECT}${w.sql} ORDER BY l.listed_at DESC, l.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...w.params, f.limit, f.offset],
      ) as Promise<ListingRow[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM supervision_listings l JOIN findings f ON f.id = l.finding_id
           JOIN units u ON u.id = f.unit_id${w.sql}`,
        w.params,
      ) as Promise<{ total: number }[]>,
    ]);
    return { rows, total: count[0].total };
  }

  /** The figures of listed findings inside the scope (and `unitId`'s subtree), as of `today`. */
  async counts(scope: UnitScope, today: string, unitId?: number): Promise<ListingCounts> {
    const w = this.where(scope, { unitId }, today);
    const t = `$${w.params.length + 1}::date`;
    const rows: ListingCounts[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE l.status <> 'DELISTED')::int AS open,
              count(*) FILTER (WHERE l.status <> 'DELISTED' AND l.level = 'GROUP')::int AS "group",
              count(*) FILTER (WHERE l.status <> 'DELISTED' AND l.level = 'COMPANY')::int AS company,
              count(*) FILTER (WHERE l.status <> 'DELISTED' AND l.level = 'SECOND_LEVEL')::int AS second_level,
              count(*) FILTER (WHERE ${RUNNING} AND l.deadline < ${t})::int AS overdue,
              count(*) FILTER (WHERE l.status = 'ACCEPTANCE_REQUESTED')::int AS awaiting_acceptance,
              count(*) FILTER (WHERE l.status = 'ACCEPTANCE_REQUESTED' AND l.acceptance_due_on < ${t})::int
                AS acceptance_overdue,
              count(*) FILTER (WHERE l.status = 'DELISTED')::int AS delisted
         FROM supervision_listings l JOIN findings f ON f.id = l.finding_id JOIN units u ON u.id = f.unit_id${w.sql}`,
      [...w.params, today],
    );
    return rows[0];
  }

  // ---------- extensions ----------

  insertExtension(tx: Tx, e: Partial<SupervisionExtension>): Promise<SupervisionExtension> {
    const repo = tx.getRepository(SupervisionExtension);
    return repo.save(repo.create(e));
  }

  saveExtension(tx: Tx, e: SupervisionExtension): Promise<SupervisionExtension> {
    return tx.getRepository(SupervisionExtension).save(e);
  }

  pendingExtension(tx: Tx, listingId: number): Promise<SupervisionExtension | null> {
    return tx
      .getRepository(SupervisionExtension)
      .findOne({ where: { listingId, status: ListingExtensionStatus.PENDING } });
  }

  async extensions(listingId: number, tx: Tx = this.dataSource.manager) {
    return tx.query(
      `SELECT e.id, e.reason, to_char(e.previous_deadline, 'YYYY-MM-DD') AS "previousDeadline",
              to_char(e.requested_deadline, 'YYYY-MM-DD') AS "requestedDeadline", e.status,
              e.requested_at AS "requestedAt", r.display_name AS "requestedBy",
              e.decided_at AS "decidedAt", d.display_name AS "decidedBy", e.decision_note AS "decisionNote"
         FROM supervision_extensions e
         LEFT JOIN users r ON r.id = e.requested_by_id
         LEFT JOIN users d ON d.id = e.decided_by_id
        WHERE e.listing_id = $1 ORDER BY e.id`,
      [listingId],
    ) as Promise<
      {
        id: number;
        reason: string;
        previousDeadline: string;
        requestedDeadline: string;
        status: string;
        requestedAt: Date;
        requestedBy: string | null;
        decidedAt: Date | null;
        decidedBy: string | null;
        decisionNote: string | null;
      }[]
    >;
  }

  /** Listings not delisted, with what their reminder ladders run on (issue 21). */
  openForReminders(): Promise<
    {
      id: number;
      findingId: number;
      docNumber: string;
      status: string;
      deadline: string;
      acceptanceDueOn: string | null;
    }[]
  > {
    return this.dataSource.query(
      `SELECT id, finding_id AS "findingId", doc_number AS "docNumber", status::text AS status,
              to_char(deadline, 'YYYY-MM-DD') AS deadline,
              to_char(acceptance_due_on, 'YYYY-MM-DD') AS "acceptanceDueOn"
         FROM supervision_listings WHERE status <> 'DELISTED' ORDER BY deadline, id`,
    );
  }
}
