import { Column, CreateDateColumn, Entity } from 'typeorm';

/**
 * A job run claimed by one instance: `UNIQUE(job, period)` with INSERT … ON CONFLICT DO NOTHING runs it once. A claim
 * made with all its work is finished at once; a run that works item by item after its claim (JobRuns) holds it until
 * `leaseUntil`, renewed by each item, and finishes it at the end — unfinished past its lease, another instance takes
 * it over (`runId` tells the run that holds it).
 */
@Entity('job_claims')
export class JobClaim {
  @Column('text', { primary: true })
  job: string;

  @Column('text', { primary: true })
  period: string;

  @Column('text')
  claimedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  claimedAt: Date;

  /** The run holding the claim (a leased run's; null for a claim made with all its work). */
  @Column('uuid', { nullable: true })
  runId: string | null;

  /** Until when the run holding an unfinished claim is taken to be alive. */
  @Column('timestamptz', { default: () => 'now()' })
  leaseUntil: Date;

  /** When the period's work was all done; null while a run is at it (or died at it). */
  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  /** Tries of a leased run that ended with some items failed (rules/job-lease.ts: afterFailedItems). */
  @Column('int', { default: 0 })
  failedAttempts: number;

  /** The items that failed at the last such try (e.g. "finding 12, finding 40"); null when none did. */
  @Column('text', { nullable: true })
  failedItems: string | null;
}
