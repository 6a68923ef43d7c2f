import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Unit } from '../org/unit.entity';
import { AssessmentReason } from './assessment.enums';

/** 考核: a record against a unit (and optionally persons), created by a rule or by hand. */
@Entity('assessments')
@Index('uq_assessment_per_cause', ['reason', 'sourceType', 'sourceId', 'unitId'], {
  unique: true,
  where: '"source_id" IS NOT NULL',
})
@Index('uq_assessment_per_lateness', ['findingId', 'latenessDeadline'], {
  unique: true,
  where: '"lateness_deadline" IS NOT NULL',
})
export class Assessment {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Column('text', { array: true, default: () => "'{}'" })
  personNames: string[];

  @Column({ type: 'enum', enum: AssessmentReason, enumName: 'assessment_reason' })
  reason: AssessmentReason;

  @Column('int', { nullable: true })
  points: number | null;

  @Column('int', { nullable: true })
  amountYuan: number | null;

  @Column('text')
  text: string;

  /** The record that caused it (e.g. 'Finding', 'Verification', 'WeeklyReport') and its id; null when made by hand. */
  @Column('text', { nullable: true })
  sourceType: string | null;

  @Column('int', { nullable: true })
  sourceId: number | null;

  @Index()
  @Column('int', { nullable: true })
  findingId: number | null;

  /**
   * For a finding's lateness (OVERDUE, LATE_RECTIFICATION): the deadline it was late against. A finding's lateness
   * for one deadline is assessed once, whichever rule (or which of several late summaries) comes first.
   */
  @Column('date', { nullable: true })
  latenessDeadline: string | null;

  /** The business date it belongs to (for period filters). */
  @Column('date')
  assessedOn: string;

  /** null when a rule created it. */
  @Column('int', { nullable: true })
  createdById: number | null;

  @Index()
  @Column('int', { nullable: true })
  noticeId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** 通报: assessments grouped for publication. */
@Entity('notices')
export class Notice {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('text')
  title: string;

  /** 文号, e.g. 安环〔2023〕5号 */
  @Column('text', { nullable: true })
  documentNumber: string | null;

  @Column('text')
  body: string;

  @Column('text', { default: 'DRAFT' })
  status: 'DRAFT' | 'PUBLISHED';

  @Column('date', { nullable: true })
  publishedOn: string | null;

  @Column('int')
  createdById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
