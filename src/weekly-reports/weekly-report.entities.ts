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
import { Unit } from '../org/unit.entity';
import { AuditRound } from '../rounds/round.entity';
import { WeeklyReportStatus } from './weekly-report.enums';

/**
 * Who must send the Thursday 举一反三 report, and when: for a campaign (a round), from the plan's publication until
 * the round closes (or an end date), the listed units report every ISO week by Thursday at `dueTime`.
 */
@Entity('weekly_report_obligations')
export class ReportingObligation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('text')
  name: string;

  /** The campaign: its findings are what the units sweep for; the obligation ends when it closes. */
  @Column('int')
  roundId: number;

  @ManyToOne(() => AuditRound, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: AuditRound;

  @Column('int', { array: true })
  unitIds: number[];

  @Column('date')
  startDate: string;

  /**
   * The Monday of the first week that counts: the first week whose Thursday deadline was still ahead when the
   * obligation was set. Earlier weeks (a start date in the past) are kept for the record only: no MISSING rows, no
   * assessments.
   */
  @Column('date')
  countedFrom: string;

  /** Last day reports are owed; null: until the round closes. */
  @Column('date', { nullable: true })
  endDate: string | null;

  /** Wall-clock time on Thursday in the business zone; "24:00" is the end of Thursday. */
  @Column('text', { default: '24:00' })
  dueTime: string;

  @Column('boolean', { default: true })
  active: boolean;

  @Column('int')
  createdById: number;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** 举一反三周报: one per unit per ISO week and obligation. MISSING rows are made by the deadline job. */
@Entity('weekly_reports')
@Index(['obligationId', 'unitId', 'isoYear', 'isoWeek'], { unique: true })
@Index(['unitId', 'isoYear', 'isoWeek'])
export class WeeklyReport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  obligationId: number;

  @ManyToOne(() => ReportingObligation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'obligation_id' })
  obligation?: ReportingObligation;

  @Column('int')
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Column('smallint')
  isoYear: number;

  @Column('smallint')
  isoWeek: number;

  @Column('timestamptz')
  @Index('idx_weekly_reports_due_at', { synchronize: false }) // covering (unit, status): migration OpenAndDueIndexes
  dueAt: Date;

  @Column({ type: 'enum', enum: WeeklyReportStatus, enumName: 'weekly_report_status' })
  status: WeeklyReportStatus;

  /** The latest version states that no similar problem was found. */
  @Column('boolean', { default: false })
  noneFound: boolean;

  @Column('smallint', { default: 0 })
  itemCount: number;

  /** 0 while MISSING. */
  @Column('smallint', { default: 0 })
  currentVersion: number;

  @Column('timestamptz', { nullable: true })
  firstSubmittedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  lastSubmittedAt: Date | null;

  @VersionColumn()
  version: number;
}

export interface WeeklyReportItem {
  description: string;
  location: string;
  level: string;
  category: string;
  promptedByFindingId: number | null;
  topic: string | null;
  fixedOnTheSpot: boolean;
  /** What was done on the spot (items fixed on the spot; absent in reports from before it was asked). */
  measures?: string | null;
  deadline: string;
  /** The SELF_CHECK finding the item became. */
  findingId: number;
}

/** Every submitted version is kept (corrections before the deadline are new versions). */
@Entity('weekly_report_versions')
@Index(['reportId', 'version'], { unique: true })
export class WeeklyReportVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  reportId: number;

  @ManyToOne(() => WeeklyReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id' })
  report?: WeeklyReport;

  @Column('smallint')
  version: number;

  @Column('boolean')
  noneFound: boolean;

  @Column('text', { nullable: true })
  statement: string | null;

  @Column('jsonb')
  items: WeeklyReportItem[];

  @Column('boolean')
  late: boolean;

  @Column('int')
  submittedById: number;

  /** The submission's instant, the same one the report's first/last submission carries. */
  @CreateDateColumn({ type: 'timestamptz' })
  submittedAt: Date;
}
