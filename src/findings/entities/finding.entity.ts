import { MajorHazardCriterion } from './major-hazard-criterion.entity';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Unit } from '../../org/unit.entity';
import { AuditRound } from '../../rounds/round.entity';
import { FindingCategory, FindingSource, FindingStatus, HazardLevel } from '../finding.enums';

/**
 * 问题/隐患: one problem in one unit. The code is generated, unique and never reused. Overdue is not stored: it is
 * derived from status and deadline in the business time zone.
 */
@Entity('findings')
@Index('idx_findings_unit_status_deadline', ['unitId', 'status', 'deadline'])
@Index('idx_findings_round_status', ['roundId', 'status'])
export class Finding {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column('text')
  code: string;

  @Column('int')
  roundId: number;

  @ManyToOne(() => AuditRound, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: AuditRound;

  @Column('int')
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  /** Trigram GIN index (created in the migration) for text search and similar-finding suggestions. */
  @Index('idx_findings_description_trgm', { synchronize: false })
  @Column('text')
  description: string;

  /** The description as character bigrams (kept by a trigger) for Chinese similarity; see closeout/similarity.ts. */
  @Index('idx_findings_description_bigrams', { synchronize: false })
  @Column({ type: 'text', select: false, insert: false, update: false, nullable: true })
  descriptionBigrams: string | null;

  @Column('text')
  location: string;

  @Column({ type: 'enum', enum: HazardLevel, enumName: 'hazard_level' })
  level: HazardLevel;

  @Column({ type: 'enum', enum: FindingCategory, enumName: 'finding_category' })
  category: FindingCategory;

  @Column('text', { array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'enum', enum: FindingSource, enumName: 'finding_source' })
  source: FindingSource;

  @Column('date')
  // The period counts' indexes (驾驶舱, 16号令 table), one of them partial (MAJOR): made by migration PeriodIndexes.
  @Index('idx_findings_found_date', { synchronize: false })
  @Index('idx_findings_major_found_date', { synchronize: false })
  @Index('idx_findings_open_found_date', { synchronize: false }) // partial: open findings (OpenAndDueIndexes)
  foundDate: string;

  @Column('text')
  foundBy: string;

  /** 整改时限: a calendar date; passes at the end of that day in the business time zone. */
  @Column('date')
  deadline: string;

  @Column('text')
  responsiblePerson: string;

  /** 责任领导: required for MAJOR. */
  @Column('text', { nullable: true })
  responsibleLeader: string | null;

  @Index('idx_findings_status_deadline', { synchronize: false }) // (status, deadline) INCLUDE (unit_id, code, id): migration ListCoveringIndex
  @Column({ type: 'enum', enum: FindingStatus, enumName: 'finding_status', default: FindingStatus.ASSIGNED })
  status: FindingStatus;

  /** The finding this one re-found after it was closed (复发). */
  @Column('int', { nullable: true })
  recurrenceOfId: number | null;

  @ManyToOne(() => Finding, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recurrence_of_id' })
  recurrenceOf?: Finding;

  /** 判定依据: the clause of a 重大事故隐患判定标准 that makes this finding MAJOR (issue 21). */
  @Column('int', { nullable: true })
  majorCriterionId: number | null;

  @ManyToOne(() => MajorHazardCriterion, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'major_criterion_id' })
  majorCriterion?: MajorHazardCriterion;

  @Column('text', { nullable: true })
  cancelReason: string | null;

  @Column('timestamptz', { nullable: true })
  @Index('idx_findings_closed_at', { synchronize: false }) // partial: closed-out findings (migration PeriodIndexes)
  closedAt: Date | null;

  /** The verification failure reason the unit must address (set by 复查不通过, cleared by the next summary). */
  @Column('text', { nullable: true })
  returnReason: string | null;

  @Column('int')
  createdById: number;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** 同类问题: a finding linked as similar to another (the 举一反三 sweep). Stored once per pair direction given. */
@Entity('finding_similar_links')
@Index(['findingId', 'similarToId'], { unique: true })
export class FindingSimilarLink {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Index()
  @Column('int')
  similarToId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'similar_to_id' })
  similarTo?: Finding;

  @Column('int')
  linkedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  linkedAt: Date;
}

/** The last number used per code prefix, so codes are never reused (a cancelled code stays taken). */
@Entity('finding_code_counters')
export class FindingCodeCounter {
  @Column('text', { primary: true })
  prefix: string;

  @Column('int')
  last: number;
}
