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
import { Domain } from './domain';
import { Unit } from '../org/unit.entity';
import { SupervisionGroup } from '../supervision-groups/supervision-group.entity';
import { RoundKind, RoundStatus } from './round.enums';

/** 督察/检查轮次: one audit of one company in one domain, with the findings it produced. */
@Entity('rounds')
export class AuditRound {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('text')
  name: string;

  @Column({ type: 'enum', enum: RoundKind, enumName: 'round_kind' })
  kind: RoundKind;

  @Column({ type: 'enum', enum: Domain, enumName: 'audit_domain' })
  domain: Domain;

  /** The audited company (a unit); its findings are in units of its subtree. */
  @Index()
  @Column('int')
  companyUnitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'company_unit_id' })
  companyUnit?: Unit;

  @Column('text')
  auditTeam: string;

  @Column('date')
  startDate: string;

  @Column('date')
  endDate: string;

  @Column('text', { nullable: true })
  reportRef: string | null;

  /** For a LOOK_BACK: the audit whose findings it re-checks. */
  @Column('int', { nullable: true })
  originalRoundId: number | null;

  @ManyToOne(() => AuditRound, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'original_round_id' })
  originalRound?: AuditRound;

  /** 整改方案会议: when leadership broke the findings down and assigned them. */
  @Column('date', { nullable: true })
  planMeetingDate: string | null;

  @Column('int', { nullable: true })
  supervisionGroupId: number | null;

  @ManyToOne(() => SupervisionGroup, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supervision_group_id' })
  supervisionGroup?: SupervisionGroup;

  @Column({ type: 'enum', enum: RoundStatus, enumName: 'round_status', default: RoundStatus.PLANNED })
  status: RoundStatus;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
