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
import { User } from '../users/user.entity';
import { GroupPosition } from './group-position';

/** 督导组: the supervision group of a campaign, whose office (in 安全环保健康部) does the daily work. */
@Entity('supervision_groups')
export class SupervisionGroup {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('text')
  name: string;

  /** The campaign it supervises, e.g. 2023年1月督察“回头看”问题整改. */
  @Column('text')
  campaign: string;

  @Column('int')
  officeUnitId: number;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'office_unit_id' })
  officeUnit?: Unit;

  @Column('boolean', { default: true })
  active: boolean;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Membership is never deleted: leaving sets `leftAt`, so who was in the group on a given day stays known. */
@Entity('supervision_group_members')
@Index(['groupId', 'userId'], { unique: true, where: '"left_at" IS NULL' })
@Index('uq_group_one_executive_deputy', ['groupId'], {
  unique: true,
  where: `"left_at" IS NULL AND "position" = 'EXECUTIVE_DEPUTY'`,
})
export class SupervisionGroupMember {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  groupId: number;

  @ManyToOne(() => SupervisionGroup, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'group_id' })
  group?: SupervisionGroup;

  @Index()
  @Column('int')
  userId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'enum', enum: GroupPosition, enumName: 'group_position' })
  position: GroupPosition;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt: Date;

  @Column('timestamptz', { nullable: true })
  leftAt: Date | null;
}
