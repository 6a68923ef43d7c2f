import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Finding } from './finding.entity';

/**
 * A refused close-out attempt (销号被拒): who tried, when, and which of the 五个不放过 rules were unmet. Kept so the
 * dashboard can show which rule most often stops a close-out; the attempt itself changes nothing on the finding.
 */
@Entity('closeout_refusals')
@Index(['findingId'])
@Index(['refusedAt'])
export class CloseoutRefusal {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  /** The numbers (1–5) of the unmet rules. */
  @Column('smallint', { array: true })
  unmetRules: number[];

  @Column('int')
  attemptedById: number;

  @Column('timestamptz')
  refusedAt: Date;
}
