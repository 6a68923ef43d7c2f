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
import { Finding } from '../findings/entities/finding.entity';
import { ListingExtensionStatus, ListingStatus, SupervisionLevel } from './supervision.enums';

/**
 * 挂牌督办: one MAJOR finding listed for supervision. The 文号 comes from a yearly counter and is never reused;
 * listings are never deleted (a finding has at most one listing that is not delisted).
 */
@Entity('supervision_listings')
@Index('uq_supervision_listing_open', ['findingId'], { unique: true, where: `"status" <> 'DELISTED'` })
export class SupervisionListing {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  /** 文号, e.g. 重大隐患督〔2023〕3号. */
  @Index({ unique: true })
  @Column('text')
  docNumber: string;

  @Column({ type: 'enum', enum: SupervisionLevel, enumName: 'supervision_level' })
  level: SupervisionLevel;

  /** 督办单位 */
  @Column('text')
  supervisingUnit: string;

  /** 督办要求 */
  @Column('text')
  requirements: string;

  /** 督办期限: the current deadline (moved by approved extensions). */
  @Column('date')
  deadline: string;

  @Column('date')
  originalDeadline: string;

  @Column({ type: 'enum', enum: ListingStatus, enumName: 'listing_status', default: ListingStatus.LISTED })
  status: ListingStatus;

  /** 公告: listing and delisting are published on the public notice board. */
  @Column('boolean', { default: false })
  publicNotice: boolean;

  @Column('int')
  listedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  listedAt: Date;

  /** 送达: who delivered the notice and to whom, when. */
  @Column('int', { nullable: true })
  servedById: number | null;

  @Column('text', { nullable: true })
  servedTo: string | null;

  @Column('timestamptz', { nullable: true })
  servedAt: Date | null;

  /** 签收 by the unit. */
  @Column('int', { nullable: true })
  signedById: number | null;

  @Column('text', { nullable: true })
  signedByName: string | null;

  @Column('timestamptz', { nullable: true })
  signedAt: Date | null;

  /** 验收申请 */
  @Column('int', { nullable: true })
  acceptanceRequestedById: number | null;

  @Column('timestamptz', { nullable: true })
  acceptanceRequestedAt: Date | null;

  @Column('text', { nullable: true })
  acceptanceRequestNote: string | null;

  @Column('int', { array: true, default: () => "'{}'" })
  acceptanceEvidenceIds: number[];

  /** The last day for the on-site acceptance: request date + MAJOR_HAZARD_ACCEPTANCE_DAYS. */
  @Column('date', { nullable: true })
  acceptanceDueOn: string | null;

  /** 现场验收 */
  @Column('int', { nullable: true })
  acceptedById: number | null;

  @Column('date', { nullable: true })
  acceptedOn: string | null;

  @Column('text', { nullable: true })
  acceptanceOpinion: string | null;

  /** How many acceptances failed (the unit applies again). */
  @Column('int', { default: 0 })
  failedAcceptances: number;

  /** 摘牌 */
  @Column('int', { nullable: true })
  delistedById: number | null;

  @Column('timestamptz', { nullable: true })
  delistedAt: Date | null;

  @Column('text', { nullable: true })
  delistNote: string | null;

  @VersionColumn()
  version: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** 延期申请 of a listing; every request is kept with its decision. */
@Entity('supervision_extensions')
export class SupervisionExtension {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  listingId: number;

  @ManyToOne(() => SupervisionListing, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'listing_id' })
  listing?: SupervisionListing;

  @Column('text')
  reason: string;

  @Column('date')
  previousDeadline: string;

  @Column('date')
  requestedDeadline: string;

  @Column({
    type: 'enum',
    enum: ListingExtensionStatus,
    enumName: 'listing_extension_status',
    default: ListingExtensionStatus.PENDING,
  })
  status: ListingExtensionStatus;

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

/** The 文号 counter: one row per year, only ever incremented. */
@Entity('supervision_doc_counters')
export class SupervisionDocCounter {
  @Column('int', { primary: true })
  year: number;

  @Column('int')
  lastNumber: number;
}
