import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { EvidenceKind } from '../finding.enums';
import { Finding } from './finding.entity';
import { ExtensionStatus } from './extension-status';

/**
 * 五落实整改方案. Every submission is kept (revisions are new rows); the latest is the plan in force. A MAJOR finding's
 * plan recorded by a unit officer waits for the unit head's confirmation before the finding enters RECTIFYING.
 */
@Entity('rectification_plans')
@Index(['findingId', 'revision'], { unique: true })
export class RectificationPlan {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('int')
  revision: number;

  /** 边检查边整改: fixed on the spot, shown by evidence, instead of the five elements. */
  @Column('boolean', { default: false })
  onTheSpot: boolean;

  @Column('int', { array: true, default: () => "'{}'" })
  onTheSpotEvidenceIds: number[];

  @Column('text', { nullable: true })
  measures: string | null;

  @Column('text', { nullable: true })
  responsiblePerson: string | null;

  /** Whole yuan. */
  @Column('bigint', {
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  fundsAmount: number | null;

  @Column('text', { nullable: true })
  fundsSource: string | null;

  @Column('text', { nullable: true })
  fundsZeroReason: string | null;

  @Column('date', { nullable: true })
  deadline: string | null;

  @Column('text', { nullable: true })
  contingencyPlan: string | null;

  @Column('text', { nullable: true })
  interimControls: string | null;

  @Column('boolean', { nullable: true })
  stopProduction: boolean | null;

  @Column('text', { nullable: true })
  stopProductionScope: string | null;

  /*
   * 重大事故隐患治理方案 (安监总局令第16号 第二十条) beyond the 五落实 above, required for MAJOR: 治理的目标和任务, the 物资 of
   * 经费和物资的落实, the 机构 of 负责治理的机构和人员, the 要求 of 治理的时限和要求; and the status report's
   * 隐患的现状及其产生原因, 危害程度和整改难易程度分析. (方法和措施 = measures, 经费 = funds, 人员 = responsible person
   * and leader, 时限 = deadline, 安全措施和应急预案 = interim controls, stop decision and contingency plan.)
   */
  @Column('text', { nullable: true })
  goalsAndTasks: string | null;

  @Column('text', { nullable: true })
  materials: string | null;

  @Column('text', { nullable: true })
  responsibleOrganisation: string | null;

  @Column('text', { nullable: true })
  timeRequirements: string | null;

  @Column('text', { nullable: true })
  currentSituation: string | null;

  @Column('text', { nullable: true })
  hazardAnalysis: string | null;

  @Column('int')
  submittedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt: Date;

  /** For MAJOR: the unit head who confirmed the plan; null while it waits. */
  @Column('int', { nullable: true })
  confirmedById: number | null;

  @Column('timestamptz', { nullable: true })
  confirmedAt: Date | null;
}

/** 整改进展 */
@Entity('progress_notes')
export class ProgressNote {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('text')
  note: string;

  /** 完成进度 0–100, optional. */
  @Column('smallint', { nullable: true })
  percent: number | null;

  @Column('int')
  authorId: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** 整改总结: submitted to ask for verification; a submission after the deadline is recorded as late. */
@Entity('rectification_summaries')
export class RectificationSummary {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('text')
  whatWasDone: string;

  /** 源头整改: the root cause found and removed. */
  @Column('text')
  rootCause: string;

  @Column('int', { array: true, default: () => "'{}'" })
  evidenceIds: number[];

  @Column('boolean')
  late: boolean;

  /** The deadline in force when it was submitted. */
  @Column('date')
  deadlineAtSubmission: string;

  @Column('int')
  submittedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt: Date;
}

/**
 * 证据: photos, PDFs and Office documents, stored in PostgreSQL (bytea) so that a database backup is a backup of
 * everything and access follows the same transaction and scoping rules as the finding.
 */
@Entity('evidence_files')
export class EvidenceFile {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column({ type: 'enum', enum: EvidenceKind, enumName: 'evidence_kind' })
  kind: EvidenceKind;

  @Column('text')
  fileName: string;

  @Column('text')
  mimeType: string;

  @Column('int')
  sizeBytes: number;

  @Column('char', { length: 64 })
  sha256: string;

  @Column('bytea', { select: false })
  content: Buffer;

  @Column('text', { nullable: true })
  caption: string | null;

  @Column('int')
  uploadedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt: Date;
}

/** 延期申请: requested by the unit, decided one level up; the history stays. */
@Entity('deadline_extensions')
export class DeadlineExtension {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('date')
  previousDeadline: string;

  @Column('date')
  requestedDeadline: string;

  @Column('text')
  reason: string;

  @Column({
    type: 'enum',
    enum: ExtensionStatus,
    enumName: 'extension_status',
    default: ExtensionStatus.PENDING,
  })
  status: ExtensionStatus;

  @Column('int')
  requestedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Column('int', { nullable: true })
  decidedById: number | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  decisionNote: string | null;
}

/** One Excel import into a round; the file's hash refuses the same file twice. */
@Entity('finding_imports')
export class FindingImport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  roundId: number;

  @Index({ unique: true })
  @Column('char', { length: 64 })
  fileSha256: string;

  @Column('text')
  fileName: string;

  @Column('int')
  rowCount: number;

  @Column('int')
  importedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  importedAt: Date;
}

export { EvidenceKind };
