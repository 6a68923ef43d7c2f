import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Unit } from '../org/unit.entity';
import {
  CloseoutStatus,
  CloseoutTarget,
  InspectionLevel,
  ItemResult,
  PeriodUnit,
  RiskGrade,
  SourceDocumentType,
  SourceKind,
  SourceStatus,
  TaskStatus,
} from './inspection.enums';

/** A responsible person of a source at one level (公司/二级单位/车间/班组). */
export interface ResponsiblePerson {
  level: InspectionLevel;
  name: string;
  phone?: string | null;
  title?: string | null;
}
/** 管理制度 / 操作规程 / 专项应急预案 of a source. */
export interface SourceDocument {
  type: SourceDocumentType;
  number: string;
  title: string;
  version: string;
  effectiveDate: string;
  /** The last day it is valid (null: until replaced). */
  expiryDate?: string | null;
  /** Where the paper original is archived (the uploaded file: hazard_source_document_files). */
  file?: string | null;
}
export interface EmergencySupply {
  item: string;
  quantity: number;
  location: string;
  lastCheckDate?: string | null;
}
export interface Drill {
  date: string;
  scenario: string;
  participants: number;
  evaluation: string;
  improvements?: string | null;
}

/** 重要危险源: a major hazard source registered by its unit. */
@Entity('hazard_sources')
export class HazardSource {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  unitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;

  @Column('text')
  name: string;

  @Column('text')
  location: string;

  @Column({ type: 'enum', enum: SourceKind, enumName: 'hazard_source_kind' })
  kind: SourceKind;

  @Column({ type: 'enum', enum: RiskGrade, enumName: 'risk_grade' })
  grade: RiskGrade;

  /** 主要危险有害因素. */
  @Column('text', { default: '' })
  hazards: string;

  /** 管控措施. */
  @Column('text', { default: '' })
  controls: string;

  /** 应急处置措施. */
  @Column('text', { default: '' })
  emergencyMeasures: string;

  @Column('jsonb', { default: () => "'[]'" })
  responsible: ResponsiblePerson[];

  @Column('jsonb', { default: () => "'[]'" })
  documents: SourceDocument[];

  @Column('jsonb', { default: () => "'[]'" })
  supplies: EmergencySupply[];

  @Column('jsonb', { default: () => "'[]'" })
  drills: Drill[];

  /** Gap keys closed out (销号) through an approval; a gap whose key changes (a new document) shows again. */
  @Column('jsonb', { default: () => "'[]'" })
  closedGaps: string[];

  @Column({
    type: 'enum',
    enum: SourceStatus,
    enumName: 'hazard_source_status',
    default: SourceStatus.ACTIVE,
  })
  status: SourceStatus;

  @Column('int')
  createdById: number;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One item of a checklist. A tagged item (`clause`) that fails is a MAJOR finding citing the clause. */
export interface ChecklistItem {
  no: number;
  requirement: string;
  method: string;
  clause?: string | null;
}
/** How often a level inspects: `times` inspections per `unit`. */
export interface Frequency {
  unit: PeriodUnit;
  times: number;
}
/** Per grade, per level: the frequency (a level missing inspects on no schedule). */
export type FrequencyTable = Partial<Record<RiskGrade, Partial<Record<InspectionLevel, Frequency>>>>;

/** 检查表: one version of a checklist; editing makes the next version, inspections keep the one they used. */
@Entity('checklist_templates')
@Unique('uq_checklist_template_version', ['key', 'version'])
export class ChecklistTemplate {
  @PrimaryGeneratedColumn()
  id: number;

  /** The checklist across its versions (e.g. `GAS-AREA`). */
  @Column('text')
  key: string;

  @Column('int')
  version: number;

  /** The newest version of its key (the one the schedule uses). */
  @Column('boolean', { default: true })
  current: boolean;

  @Column('text')
  name: string;

  @Column({
    type: 'enum',
    enum: SourceKind,
    enumName: 'hazard_source_kind',
    array: true,
    default: () => "'{}'",
  })
  kinds: SourceKind[];

  @Column({ type: 'enum', enum: RiskGrade, enumName: 'risk_grade', array: true, default: () => "'{}'" })
  grades: RiskGrade[];

  @Column('jsonb')
  items: ChecklistItem[];

  @Column('jsonb', { default: () => "'{}'" })
  frequencies: FrequencyTable;

  @Column('int', { nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The answer to one item of an inspection. */
export interface ItemAnswer {
  no: number;
  result: ItemResult;
  note?: string | null;
  /** Fixed while inspecting (边检查边整改): what was done and why it happened. */
  fixedOnTheSpot?: boolean;
  measures?: string | null;
  rootCause?: string | null;
  /** The finding a failed item became. */
  findingId?: number | null;
}

/** 检查任务: one inspection of a source at a level in a period (scheduled or ad hoc), done item by item. */
@Entity('inspection_tasks')
@Unique('uq_inspection_task_period', ['sourceId', 'templateKey', 'level', 'periodKey'])
@Index('idx_inspection_tasks_due', ['status', 'dueUntil'])
export class InspectionTask {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  sourceId: number;

  @ManyToOne(() => HazardSource, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: HazardSource;

  /** The source's unit when the task was made (the unit whose people do it, and whose findings they become). */
  @Index()
  @Column('int')
  unitId: number;

  @Column('int')
  templateId: number;

  @ManyToOne(() => ChecklistTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: ChecklistTemplate;

  @Column('text')
  templateKey: string;

  @Column({ type: 'enum', enum: InspectionLevel, enumName: 'inspection_level' })
  level: InspectionLevel;

  /** `2026-12-02/S2` (shift), `2026-12-02`, `2026-W49`, `2026-12`, with `#n` for the n-th of several; `ADHOC-…`. */
  @Column('text')
  periodKey: string;

  @Column('timestamptz')
  dueFrom: Date;

  @Column('timestamptz')
  dueUntil: Date;

  @Column({ type: 'enum', enum: TaskStatus, enumName: 'inspection_task_status', default: TaskStatus.OPEN })
  status: TaskStatus;

  @Column('jsonb', { default: () => "'[]'" })
  answers: ItemAnswer[];

  @Column('int', { nullable: true })
  inspectorId: number | null;

  /** The inspector's name as signed. */
  @Column('text', { nullable: true })
  signature: string | null;

  @Column('timestamptz', { nullable: true })
  signedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A photo taken for an item of an inspection (BEFORE: the problem; AFTER: the on-the-spot fix). */
@Entity('inspection_photos')
export class InspectionPhoto {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  taskId: number;

  @ManyToOne(() => InspectionTask, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id' })
  task?: InspectionTask;

  @Column('int')
  itemNo: number;

  @Column('text', { default: 'BEFORE' })
  kind: 'BEFORE' | 'AFTER';

  @Column('text')
  fileName: string;

  @Column('text')
  mimeType: string;

  @Column('int')
  sizeBytes: number;

  @Column('text')
  sha256: string;

  @Column('bytea', { select: false })
  content: Buffer;

  @Column('int')
  uploadedById: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** 销号 of a gap or of the source itself (decommissioned): requested with a reason, approved by the safety office. */
@Entity('hazard_source_closeouts')
export class HazardSourceCloseout {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  sourceId: number;

  @ManyToOne(() => HazardSource, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: HazardSource;

  @Column({ type: 'enum', enum: CloseoutTarget, enumName: 'hazard_source_closeout_target' })
  target: CloseoutTarget;

  /** The gap's key (GAP). */
  @Column('text', { nullable: true })
  gapKey: string | null;

  @Column('text')
  reason: string;

  @Column({
    type: 'enum',
    enum: CloseoutStatus,
    enumName: 'hazard_source_closeout_status',
    default: CloseoutStatus.PENDING,
  })
  status: CloseoutStatus;

  @Column('int')
  requestedById: number;

  @Column('int', { nullable: true })
  decidedById: number | null;

  @Column('text', { nullable: true })
  decisionNote: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
