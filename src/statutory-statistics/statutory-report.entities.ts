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
import type { StatutoryTable } from './statutory-table.view';
import type { Adjustment } from './rules/statutory-table';

/** Where a unit's statutory report for a period stands: prepared (draft), checked, locked (filed). */
export enum StatutoryReportStatus {
  PREPARED = 'PREPARED',
  CHECKED = 'CHECKED',
  LOCKED = 'LOCKED',
}
export const STATUTORY_STATUS_LABEL: Record<StatutoryReportStatus, string> = {
  PREPARED: '编制中',
  CHECKED: '已审核',
  LOCKED: '已锁定报送',
};

/**
 * 隐患排查治理统计报表 of one unit (a company, or a 二级单位 for the internal version) for one period. Its figures are
 * live while it is prepared and checked; locking freezes them into a version (statutory_report_versions). A correction
 * reopens it with a reason and the next lock adds a version; every version is kept.
 */
@Entity('statutory_reports')
@Index(['unitId', 'period'], { unique: true })
export class StatutoryReport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  /** `2023-Q1` or `2023`. */
  @Index()
  @Column('text')
  period: string;

  @Column('text')
  status: StatutoryReportStatus;

  /** The number of locked versions (0 until the first lock). */
  @Column('int', { default: 0 })
  lockedVersions: number;

  /** The safety office's adjustments of prepared figures, with their reason. */
  @Column('jsonb', { default: () => "'[]'" })
  adjustments: Adjustment[];

  @Column('text', { nullable: true })
  adjustmentReason: string | null;

  /** The written analysis (generated as a draft, edited by the safety office). */
  @Column('text')
  analysis: string;

  /** Why a locked report was reopened: becomes the next version's reason. */
  @Column('text', { nullable: true })
  correctionReason: string | null;

  @Column('int')
  preparedById: number;

  @Column('int', { nullable: true })
  checkedById: number | null;

  @Column('timestamptz', { nullable: true })
  checkedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A locked version: the figures as filed, frozen, with the change log's head at the moment of locking. */
@Entity('statutory_report_versions')
@Index(['reportId', 'versionNo'], { unique: true })
export class StatutoryReportVersion {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  reportId: number;

  @ManyToOne(() => StatutoryReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id' })
  report?: StatutoryReport;

  @Column('int')
  versionNo: number;

  /** The whole table as filed: rows, figures, cross-checks, MAJOR hazards. */
  @Column('jsonb')
  table: StatutoryTable;

  @Column('text')
  analysis: string;

  /** 主要负责人 who signs, and the date signed. */
  @Column('text')
  principalName: string;

  @Column('date')
  signedOn: string;

  /** 填表人 and 联系电话. */
  @Column('text')
  preparerName: string;

  @Column('text', { nullable: true })
  phone: string | null;

  /** Why this version corrects the previous one (null for the first). */
  @Column('text', { nullable: true })
  correctionReason: string | null;

  @Column('int')
  lockedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  lockedAt: Date;

  /** The change-log entry recording the lock: the figures reflect every change up to it. */
  @Column('bigint', {
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  changeLogSeq: number;

  @Column('text')
  changeLogHash: string;
}
