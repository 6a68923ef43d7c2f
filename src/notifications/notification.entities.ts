import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * A notification to one user (the in-app channel: the bell and the notifications page), written in the same
 * transaction as the change that caused it. `dedupeKey` makes a reminder unique per user (a second run adds none).
 */
@Entity('notifications')
@Index('uq_notification_dedupe', ['userId', 'dedupeKey'], { unique: true })
@Index('idx_notifications_user_unread', ['userId', 'readAt', 'id'])
export class Notification {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('int')
  userId: number;

  @Column('text')
  kind: string;

  @Index()
  @Column('int', { nullable: true })
  findingId: number | null;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  /** The page it is about, as a path (`/findings/12`); e-mails prefix PUBLIC_BASE_URL. */
  @Column('text')
  link: string;

  @Column('text', { nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  readAt: Date | null;
}

/** The outbox of the channels other than in-app: one row per notification and channel, sent by a worker. */
@Entity('notification_deliveries')
@Index('idx_deliveries_due', ['status', 'nextAttemptAt'])
export class NotificationDelivery {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int')
  notificationId: number;

  @Column('text')
  channel: string;

  /** The e-mail address it goes to. */
  @Column('text')
  address: string;

  /** A daily digest's own subject and text (null: the notification's). */
  @Column('text', { nullable: true })
  subject: string | null;

  @Column('text', { nullable: true })
  text: string | null;

  @Column('text', { default: 'PENDING' })
  status: string;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz')
  nextAttemptAt: Date;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  lastAttemptAt: Date | null;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A user's channel choices: the e-mail address and the kinds that also go by e-mail (in-app is always on). */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn('int')
  userId: number;

  @Column('text', { nullable: true })
  email: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  emailKinds: string[];

  /** 每日汇总: the hour (0–23, business zone) a day's deadline reminders go in one e-mail instead of one by one. */
  @Column('int', { nullable: true })
  digestHour: number | null;

  /** Until when reminders were gathered into the last digest. */
  @Column('timestamptz', { nullable: true })
  digestedUntil: Date | null;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/**
 * A step of the deadline ladder reached for (finding, deadline, unit): written when the step is sent or skipped
 * (coalesced), so no step is sent twice and a new deadline or unit starts a new ladder.
 */
@Entity('reminder_steps')
export class ReminderStep {
  @PrimaryColumn('int')
  findingId: number;

  @PrimaryColumn('date')
  deadline: string;

  @PrimaryColumn('int')
  unitId: number;

  @PrimaryColumn('int')
  offsetDays: number;

  /** true when a later step was due at the same run and this one was passed over. */
  @Column('boolean', { default: false })
  coalesced: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A group-chat robot (企业微信 or 钉钉) of a unit — notifications about findings of the unit's subtree are posted to
 * it — or of a supervision group — notifications about its rounds' findings. Exactly one of the two is set.
 * DingTalk robots with 加签 need the secret to sign each call. Disabled, never deleted.
 */
@Entity('notification_webhooks')
@Check('ck_notification_webhook_owner', `(unit_id IS NULL) <> (supervision_group_id IS NULL)`)
export class NotificationWebhook {
  @PrimaryGeneratedColumn()
  id: number;

  @Index()
  @Column('int', { nullable: true })
  unitId: number | null;

  @Index()
  @Column('int', { nullable: true })
  supervisionGroupId: number | null;

  /** A name for the administrator (e.g. 热电分厂安全群). */
  @Column('text', { default: '' })
  name: string;

  @Column('text')
  channel: string;

  @Column('text')
  url: string;

  @Column('text', { nullable: true, select: false })
  secret: string | null;

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  disabledAt: Date | null;
}

/**
 * A step of a 挂牌督办 reminder ladder reached (issue 21): per listing, ladder (DEADLINE = 督办期限, ACCEPTANCE = the
 * acceptance request's due date) and the date it counts from — sent or coalesced, never sent twice; an extension
 * (a new deadline) or a new acceptance request starts a new ladder.
 */
@Entity('supervision_reminder_steps')
export class SupervisionReminderStep {
  @PrimaryColumn('int')
  listingId: number;

  @PrimaryColumn('text')
  kind: string;

  @PrimaryColumn('date')
  dueDate: string;

  @PrimaryColumn('int')
  offsetDays: number;

  @Column('boolean', { default: false })
  coalesced: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * An inspection task named in a reminder (issue 20): `DUE` on each day it was in its inspectors' list of the day,
 * `MISSED` once, the day it was reported to its unit as missed (漏检) — so a second run sends neither again.
 */
@Entity('inspection_reminders')
@Index('uq_inspection_reminder_missed_once', ['taskId'], { unique: true, where: `"kind" = 'MISSED'` })
export class InspectionReminder {
  @PrimaryColumn('int')
  taskId: number;

  /** DUE or MISSED. */
  @PrimaryColumn('text')
  kind: string;

  /** The business day of the reminder. */
  @PrimaryColumn('date')
  day: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
