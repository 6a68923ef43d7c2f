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
import { UnitKind } from './unit-kind';

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
