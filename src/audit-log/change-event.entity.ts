import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const bigintAsNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * One entry of the change log (操作留痕). Append-only: a database trigger refuses UPDATE, DELETE and TRUNCATE.
 * Entries form a hash chain: `hash = sha256(prevHash + canonical(entry))`, so any later edit made behind the
 * service's back is found by `GET /api/v1/audit-log/verify` or `npm run audit:verify`.
 */
@Entity('change_events')
@Index(['entityType', 'entityId'])
@Index(['unitId'])
export class ChangeEvent {
  /** Position in the chain: 1, 2, 3, … without gaps. */
  @PrimaryColumn('bigint', { transformer: bigintAsNumber })
  seq: number;

  @Column('timestamptz')
  occurredAt: Date;

  /** null for the service itself (first-start admin, scheduled jobs, demo data). */
  @Column('int', { nullable: true })
  actorId: number | null;

  @Column('text')
  actorName: string;

  @Column('text')
  action: string;

  @Column('text')
  entityType: string;

  @Column('text')
  entityId: string;

  /** The unit the changed record belongs to; unit-scoped readers see events of their subtree only. */
  @Column('int', { nullable: true })
  unitId: number | null;

  /** `{ field: { before, after } }` for the fields that changed. */
  @Column('jsonb')
  changes: Record<string, { before: unknown; after: unknown }>;

  @Column('text', { nullable: true })
  requestId: string | null;

  @Column('char', { length: 64 })
  prevHash: string;

  @Column('char', { length: 64 })
  hash: string;
}

/** The chain's head: one row, locked FOR UPDATE by each writer so concurrent writers never fork the chain. */
@Entity('change_log_head')
export class ChangeLogHead {
  @PrimaryColumn('smallint')
  id: number;

  @Column('bigint', { transformer: bigintAsNumber })
  seq: number;

  @Column('char', { length: 64 })
  hash: string;
}
