import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  VersionColumn,
} from 'typeorm';
import { Finding } from '../findings/entities/finding.entity';
import { HazardLevel } from '../findings/finding.enums';
import { Unit } from '../org/unit.entity';
import { User } from '../users/user.entity';
import { HazardReportStatus, BountyStatus } from './hazard-report.enums';

/** 隐患举报: anyone reports a hazard, for themselves or their unit, optionally hiding who they are. */
@Entity('hazard_reports')
export class HazardReport {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  reporterId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reporter_id' })
  reporter?: User;

  /** Set when the report is made on behalf of the reporter's unit (the unit is then the one rewarded). */
  @Column('int', { nullable: true })
  onBehalfOfUnitId: number | null;

  /** The reporter's identity is visible only to the bounty handlers (and the reporter). */
  @Column('boolean', { default: false })
  hideIdentity: boolean;

  @Index()
  @Column('int')
  hazardUnitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hazard_unit_id' })
  hazardUnit?: Unit;

  @Column('text')
  location: string;

  @Column('text')
  description: string;

  @Column({
    type: 'enum',
    enum: HazardReportStatus,
    enumName: 'hazard_report_status',
    default: HazardReportStatus.SUBMITTED,
  })
  status: HazardReportStatus;

  /** The degree the safety office assessed (VALID). */
  @Column({ type: 'enum', enum: HazardLevel, enumName: 'hazard_level', nullable: true })
  level: HazardLevel | null;

  @Column('text', { nullable: true })
  triageNote: string | null;

  /** VALID: the HAZARD_REPORT finding made from it. DUPLICATE: the known open finding it repeats. */
  @Column('int', { nullable: true })
  findingId: number | null;

  @ManyToOne(() => Finding, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  /** DUPLICATE of an earlier report. */
  @Column('int', { nullable: true })
  duplicateOfReportId: number | null;

  @Column('int', { nullable: true })
  triagedById: number | null;

  @Column('timestamptz', { nullable: true })
  triagedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  reportedAt: Date;

  @VersionColumn()
  version: number;
}

@Entity('hazard_report_photos')
export class HazardReportPhoto {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  reportId: number;

  @ManyToOne(() => HazardReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id' })
  report?: HazardReport;

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

  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt: Date;
}

/**
 * A smaller copy of a report photo (thumb for pages, medium for a tap on a phone), made with sharp on upload — or on
 * first request for a photo uploaded before sizes existed. Derived data: the original in hazard_report_photos stays
 * byte-for-byte as uploaded with its SHA-256; a copy can always be made again from it.
 */
@Entity('hazard_report_photo_renditions')
@Index(['photoId', 'size'], { unique: true })
export class HazardReportPhotoRendition {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  photoId: number;

  @ManyToOne(() => HazardReportPhoto, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'photo_id' })
  photo?: HazardReportPhoto;

  /** 'thumb' or 'medium' (common/files/image-sizes.ts). */
  @Column('text')
  size: string;

  @Column('text')
  mimeType: string;

  @Column('int')
  width: number;

  @Column('int')
  height: number;

  @Column('int')
  sizeBytes: number;

  @Column('bytea', { select: false })
  content: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** 隐患举报奖励: proposed by the safety office, approved by a supervision-group leader (not the proposer), paid. */
@Entity('bounties')
@Check('chk_bounty_amount_band', `"amount_yuan" BETWEEN 500 AND 2000`)
@Index('uq_bounty_per_report', ['hazardReportId'], {
  unique: true,
  where: `"status" NOT IN ('REJECTED', 'CANCELLED')`,
})
export class Bounty {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  hazardReportId: number;

  @ManyToOne(() => HazardReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hazard_report_id' })
  hazardReport?: HazardReport;

  @Column({ type: 'enum', enum: HazardLevel, enumName: 'hazard_level' })
  level: HazardLevel;

  /** Whole yuan, 500–2000 (also enforced by a CHECK constraint). */
  @Column('int')
  amountYuan: number;

  @Column({ type: 'enum', enum: BountyStatus, enumName: 'bounty_status', default: BountyStatus.PROPOSED })
  status: BountyStatus;

  @Column('int')
  proposedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  proposedAt: Date;

  @Column('int', { nullable: true })
  decidedById: number | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  decisionNote: string | null;

  @Column('date', { nullable: true })
  paidOn: string | null;

  @Column('text', { nullable: true })
  paymentRef: string | null;

  @Column('int', { nullable: true })
  paidRecordedById: number | null;

  @Column('text', { nullable: true })
  cancelReason: string | null;

  @VersionColumn()
  version: number;
}

/** An optional annual bounty budget. */
@Entity('bounty_budgets')
export class BountyBudget {
  @Column('int', { primary: true })
  year: number;

  @Column('int')
  amountYuan: number;

  @Column('int')
  setById: number;
}
