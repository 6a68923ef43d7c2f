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

/** 单位的类别. The tier orders the tree: a child's tier is always below its parent's. */
export enum UnitKind {
  COMPANY = 'COMPANY', // 公司
  FACTORY = 'FACTORY', // 厂
  BRANCH_FACTORY = 'BRANCH_FACTORY', // 分厂
  BRANCH_COMPANY = 'BRANCH_COMPANY', // 分公司 / 子公司
  DIVISION = 'DIVISION', // 事业部
  CENTER = 'CENTER', // 中心
  DEPARTMENT = 'DEPARTMENT', // 职能部门
  WORKSHOP = 'WORKSHOP', // 车间
  WORK_AREA = 'WORK_AREA', // 工区
  TEAM = 'TEAM', // 班组
}

export const UNIT_KIND_LABEL: Record<UnitKind, string> = {
  COMPANY: '公司',
  FACTORY: '厂',
  BRANCH_FACTORY: '分厂',
  BRANCH_COMPANY: '分公司',
  DIVISION: '事业部',
  CENTER: '中心',
  DEPARTMENT: '职能部门',
  WORKSHOP: '车间',
  WORK_AREA: '工区',
  TEAM: '班组',
};

/** 1 company, 2 secondary unit (二级单位), 3 workshop or work area, 4 team. */
export const UNIT_TIER: Record<UnitKind, number> = {
  COMPANY: 1,
  FACTORY: 2,
  BRANCH_FACTORY: 2,
  BRANCH_COMPANY: 2,
  DIVISION: 2,
  CENTER: 2,
  DEPARTMENT: 2,
  WORKSHOP: 3,
  WORK_AREA: 3,
  TEAM: 4,
};

/**
 * 单位: a node of the organisation tree. `path` is the materialised path of ids (`/1/4/17/`), so "this unit and
 * everything below it" is one indexed prefix match — the basis of every unit-scoped query.
 */
@Entity('units')
export class Unit {
  @PrimaryGeneratedColumn()
  id: number;

  @Index({ unique: true })
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column({ type: 'enum', enum: UnitKind, enumName: 'unit_kind' })
  kind: UnitKind;

  @Index()
  @Column('int', { nullable: true })
  parentId: number | null;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Unit;

  @Index('idx_units_path', { synchronize: false }) // text_pattern_ops index, created in the migration
  @Column('text')
  path: string;

  /** Former names (曾用名), e.g. 热电厂 for 热电分厂; search matches them. */
  @Column('text', { array: true, default: () => "'{}'" })
  aliases: string[];

  @Column('boolean', { default: true })
  active: boolean;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
