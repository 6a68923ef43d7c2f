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
import { Role } from '../common/access/roles';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  /** Login name, stored lower-case; unique. */
  @Index({ unique: true })
  @Column('text')
  username: string;

  @Column('text')
  displayName: string;

  /** 所属单位. Unit roles work within its subtree; only organisation-wide users may have none. */
  @Index()
  @Column('int', { nullable: true })
  homeUnitId: number | null;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'home_unit_id' })
  homeUnit?: Unit;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column('boolean', { default: true })
  active: boolean;

  /** argon2id (PHC string). Never leaves the service. */
  @Column('text', { select: false })
  passwordHash: string;

  /** Bumped on deactivation and password change: tokens carrying an older value stop working. */
  @Column('int', { default: 0 })
  tokenVersion: number;

  /**
   * Set when an administrator created the account or reset its password (the administrator knows it): until the
   * user chooses their own, the API answers 403 PASSWORD_CHANGE_REQUIRED and the pages lead to the change form.
   */
  @Column('boolean', { default: false })
  mustChangePassword: boolean;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Failed and successful logins, for throttling repeated failures across all instances. */
@Entity('login_attempts')
@Index(['username', 'attemptedAt'])
@Index(['ip', 'attemptedAt'])
export class LoginAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column('text')
  username: string;

  @Column('text')
  ip: string;

  @Column('boolean')
  succeeded: boolean;

  @Column('timestamptz', { default: () => 'now()' })
  attemptedAt: Date;
}

/** Secrets the service generates for itself and shares between instances through the database (JWT key). */
@Entity('app_secrets')
export class AppSecret {
  @Column('text', { primary: true })
  name: string;

  @Column('text')
  value: string;
}

/**
 * A browser session of the web pages (the API uses bearer tokens instead). The cookie holds a random token; only
 * its SHA-256 is stored, so a database dump does not hand out sessions. Rows are kept after logout (revokedAt),
 * like every other record here. `tokenVersion` is the user's at login: deactivation or a password change ends
 * web sessions exactly as it revokes API tokens.
 */
@Entity('web_sessions')
export class WebSession {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Index({ unique: true })
  @Column('text')
  tokenHash: string;

  @Column('int')
  userId: number;

  @Column('int')
  tokenVersion: number;

  /** The synchronizer token every form of this session carries. */
  @Column('text')
  csrfToken: string;

  @Column('text')
  ip: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;
}
