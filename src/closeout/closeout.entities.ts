import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Finding } from '../findings/entities/finding.entity';
import { AccountabilityAction } from './closeout.enums';

/** 复查确认 by a supervision-group member. FAIL sends the finding back to RECTIFYING with the reason. */
@Entity('verifications')
export class Verification {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('text')
  result: 'PASS' | 'FAIL';

  @Column('date')
  verifiedOn: string;

  @Column('text')
  notes: string;

  @Column('int', { array: true, default: () => "'{}'" })
  evidenceIds: number[];

  @Column('int')
  verifierId: number;

  /** The verifier's unit at the time (to prove independence from the responsible unit). */
  @Column('int', { nullable: true })
  verifierUnitId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

/** 举一反三排查: which units were checked for the same problem, by whom, and what was found. */
@Entity('sweep_records')
export class SweepRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('int', { array: true })
  checkedUnitIds: number[];

  @Column('text')
  checkedBy: string;

  @Column('text')
  result: 'NONE_FOUND' | 'SIMILAR_FOUND';

  /** The similar findings found (also linked as similar to this finding). */
  @Column('int', { array: true, default: () => "'{}'" })
  similarFindingIds: number[];

  @Column('text', { nullable: true })
  notes: string | null;

  @Column('date')
  sweptOn: string;

  @Column('int')
  recordedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

/** 长效机制: a rule, procedure or checklist created or revised — or the supervision group's statement that the existing one suffices. */
@Entity('mechanism_records')
export class MechanismRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('text')
  kind: 'MECHANISM' | 'EXISTING_SUFFICIENT';

  /** The document's title, or for EXISTING_SUFFICIENT the reasoning. */
  @Column('text')
  title: string;

  @Column('text', { nullable: true })
  documentNumber: string | null;

  @Column('date', { nullable: true })
  effectiveDate: string | null;

  @Column('int', { nullable: true })
  attachmentEvidenceId: number | null;

  @Column('int')
  recordedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

/** 责任追究: a person held accountable — or the supervision group's no-fault decision with reasons. */
@Entity('accountability_records')
export class AccountabilityRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('text')
  kind: 'ACTION' | 'NO_FAULT';

  @Column('text', { nullable: true })
  personName: string | null;

  @Column('int', { nullable: true })
  unitId: number | null;

  @Column({ type: 'enum', enum: AccountabilityAction, enumName: 'accountability_action', nullable: true })
  action: AccountabilityAction | null;

  /** 经济考核 amount in whole yuan. */
  @Column('int', { nullable: true })
  amountYuan: number | null;

  /** Free text for OTHER, or the reasons of a no-fault decision. */
  @Column('text', { nullable: true })
  details: string | null;

  @Column('text')
  decidedBy: string;

  @Column('date')
  decidedOn: string;

  @Column('int')
  recordedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

/** 员工和群众满意确认: recorded by the supervision group or the safety office from the representatives' answer. */
@Entity('satisfaction_confirmations')
export class SatisfactionConfirmation {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  /** Who confirmed: the employee or public representatives, by name. */
  @Column('text')
  representatives: string;

  /** How they were asked (座谈、问卷、现场询问…); null on records made before it was required. */
  @Column('text', { nullable: true })
  method: string | null;

  /** The confirmation as evidence of this finding (e.g. the signed sheet the unit uploaded). */
  @Column('int', { array: true, default: () => "'{}'" })
  evidenceIds: number[];

  @Column('date')
  confirmedOn: string;

  @Column('boolean')
  satisfied: boolean;

  @Column('text', { nullable: true })
  comments: string | null;

  @Column('int')
  recordedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}

/** 销号记录: who closed the finding, when, and the five rules exactly as they stood then (printed on the sheet). */
@Entity('closeouts')
export class CloseoutRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column('int')
  findingId: number;

  @ManyToOne(() => Finding, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'finding_id' })
  finding?: Finding;

  @Column('int')
  closedById: number;

  @Column('text')
  closedByName: string;

  @Column('jsonb')
  rules: { number: number; code: string; text: string; satisfied: boolean; detail: string }[];

  @CreateDateColumn({ type: 'timestamptz' })
  closedAt: Date;
}
