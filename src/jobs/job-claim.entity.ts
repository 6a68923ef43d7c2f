import { Column, CreateDateColumn, Entity } from 'typeorm';

/** A job run claimed by one instance: `UNIQUE(job, period)` with INSERT … ON CONFLICT DO NOTHING runs it once. */
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
}
