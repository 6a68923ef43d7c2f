import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import { CachedSelect } from '../common/persistence/cached-select';
import { preparedStatement } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import { unnestColumns } from '../common/persistence/unnest';
import { DeliveryStatus } from './notification.enums';
import { Notification, NotificationPreference, NotificationWebhook } from './notification.entities';

export interface NewNotification {
  userId: number;
  kind: string;
  findingId: number | null;
  title: string;
  body: string;
  link: string;
  dedupeKey: string | null;
  /** The clock's now (the demo replays past changes at their own dates). */
  createdAt: Date;
}

/** A claimed outbox row with what the e-mail needs. */
export interface DueDelivery {
  id: number;
  address: string;
  attempts: number;
  title: string;
  body: string;
}

/** The notifications tables: in-app notifications, the outbox of deliveries, preferences, reminder steps. */
@Injectable()
export class NotificationsRepository {
  /** Recipients' preferences, read by every notification a lifecycle step writes: built once, then prepared. */
  private readonly preferencesOf: CachedSelect<NotificationPreference>;

  constructor(private readonly dataSource: DataSource) {
    this.preferencesOf = new CachedSelect(dataSource, () =>
      dataSource
        .getRepository(NotificationPreference)
        .createQueryBuilder('p')
        .where('p.userId = ANY(:userIds)', { userIds: [] }),
    );
  }

  /**
   * Inserts the notifications in one statement, each unless its user already has one with its dedupe key; the id of
   * each inserted one by user id (a user left out already had it).
   */
  async insertMany(tx: Tx, list: NewNotification[]): Promise<Map<number, number>> {
    if (!list.length) return new Map();
    const { rows } = await preparedStatement<{ id: number; user_id: number }>(
      tx,
      `INSERT INTO notifications (user_id, kind, finding_id, title, body, link, dedupe_key, created_at)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::timestamptz[])
       ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id, user_id`,
      unnestColumns(list, ['userId', 'kind', 'findingId', 'title', 'body', 'link', 'dedupeKey', 'createdAt']),
    );
    return new Map(rows.map((r) => [r.user_id, r.id]));
  }

  async insertDelivery(
    tx: Tx,
    notificationId: number,
    channel: string,
    address: string,
    at: Date,
    own?: { subject: string; text: string },
  ) {
    await this.insertDeliveries(tx, [{ notificationId, channel, address, at, ...own }]);
  }

  /** Outbox rows (PENDING) in one statement; `subject` and `text` only for messages of their own (digests). */
  async insertDeliveries(
    tx: Tx,
    list: {
      notificationId: number;
      channel: string;
      address: string;
      at: Date;
      subject?: string;
      text?: string;
    }[],
  ) {
    if (!list.length) return;
    const [ids, channels, addresses, at, subjects, texts] = unnestColumns(
      list.map((d) => ({ ...d, subject: d.subject ?? null, text: d.text ?? null })),
      ['notificationId', 'channel', 'address', 'at', 'subject', 'text'],
    );
    await preparedStatement(
      tx,
      `INSERT INTO notification_deliveries (notification_id, channel, address, status, next_attempt_at, subject, text)
       SELECT n, c, a, $4, t, s, x
         FROM unnest($1::int[], $2::text[], $3::text[], $5::timestamptz[], $6::text[], $7::text[]) AS d(n, c, a, t, s, x)`,
      [ids, channels, addresses, DeliveryStatus.PENDING, at, subjects, texts],
    );
  }

  preferences(userIds: number[], tx?: Tx): Promise<NotificationPreference[]> {
    if (!userIds.length) return Promise.resolve([]);
    return this.preferencesOf.getManyAt(tx, 'users', [userIds]);
  }

  async savePreference(
    tx: Tx,
    p: Pick<NotificationPreference, 'userId' | 'email' | 'emailKinds' | 'digestHour'>,
    at: Date,
  ) {
    // A digest newly chosen gathers the reminders from now on, not the ones already sent one by one.
    await tx.query(
      `INSERT INTO notification_preferences (user_id, email, email_kinds, digest_hour, digested_until, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, email_kinds = EXCLUDED.email_kinds,
              digest_hour = EXCLUDED.digest_hour, updated_at = now(),
              digested_until = CASE WHEN notification_preferences.digest_hour IS NULL THEN EXCLUDED.digested_until
                                    ELSE notification_preferences.digested_until END`,
      [p.userId, p.email, p.emailKinds, p.digestHour, at],
    );
  }

  /** Users whose daily digest is at `hour`, locked for this run (another instance's run skips them). */
  digestUsers(tx: Tx, hour: number): Promise<{ userId: number; email: string; since: Date | null }[]> {
    return tx.query(
      `SELECT user_id AS "userId", email, digested_until AS since FROM notification_preferences
        WHERE digest_hour = $1 AND email IS NOT NULL ORDER BY user_id FOR UPDATE SKIP LOCKED`,
      [hour],
    );
  }

  /** A user's notifications of a kind created after `since` and up to `until`, oldest first. */
  notificationsBetween(tx: Tx, userId: number, kind: string, since: Date | null, until: Date) {
    return tx.query(
      `SELECT id, title, body FROM notifications
        WHERE user_id = $1 AND kind = $2 AND ($3::timestamptz IS NULL OR created_at > $3) AND created_at <= $4
        ORDER BY id`,
      [userId, kind, since, until],
    ) as Promise<{ id: number; title: string; body: string }[]>;
  }

  async markDigested(tx: Tx, userId: number, until: Date) {
    await tx.query(`UPDATE notification_preferences SET digested_until = $2 WHERE user_id = $1`, [
      userId,
      until,
    ]);
  }

  /** Pending deliveries of a finding's notifications of some kinds become CANCELLED (the reminder is moot). */
  async cancelPending(tx: Tx, findingId: number, kinds: string[]): Promise<number> {
    const { rowCount } = await preparedStatement(
      tx,
      `UPDATE notification_deliveries d SET status = $3
         FROM notifications n
        WHERE n.id = d.notification_id AND n.finding_id = $1 AND n.kind = ANY($2) AND d.status = $4
        RETURNING d.id`,
      [findingId, kinds, DeliveryStatus.CANCELLED, DeliveryStatus.PENDING],
    );
    return rowCount ?? 0;
  }

  // ---------- the in-app channel ----------

  list(
    userId: number,
    limit: number,
    offset: number,
    unreadOnly: boolean,
  ): Promise<[Notification[], number]> {
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId })
      // Newest first by when it happened; the id breaks ties. Ids follow time in daily use, not when history is
      // replayed (the demo's 2023 reminders were made finding by finding, so by id their dates jumped back and forth).
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(limit)
      .skip(offset);
    if (unreadOnly) qb.andWhere('n.readAt IS NULL');
    return qb.getManyAndCount();
  }

  async unreadCount(userId: number): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return rows[0].n;
  }

  /** Marks the user's notifications read (all when `ids` is null); how many changed. */
  async markRead(tx: Tx, userId: number, ids: number[] | null, at: Date): Promise<number> {
    const [, affected]: [unknown[], number] = await tx.query(
      `UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL
          AND ($3::int[] IS NULL OR id = ANY($3)) RETURNING id`,
      [userId, at, ids],
    );
    return affected;
  }

  findForUser(userId: number, id: number): Promise<Notification | null> {
    return this.dataSource.getRepository(Notification).findOneBy({ id, userId });
  }

  // ---------- the reminder ladder ----------

  async reachedSteps(tx: Tx, findingIds: number[]): Promise<{ key: string; offsetDays: number }[]> {
    if (!findingIds.length) return [];
    const rows: { finding_id: number; deadline: string; unit_id: number; offset_days: number }[] =
      await tx.query(
        `SELECT finding_id, to_char(deadline, 'YYYY-MM-DD') AS deadline, unit_id, offset_days
           FROM reminder_steps WHERE finding_id = ANY($1)`,
        [findingIds],
      );
    return rows.map((r) => ({
      key: `${r.finding_id}:${r.deadline}:${r.unit_id}`,
      offsetDays: r.offset_days,
    }));
  }

  /** Records a step as reached; false when another run already had it (then nothing is sent). */
  async reachStep(
    tx: Tx,
    s: { findingId: number; deadline: string; unitId: number; offsetDays: number; coalesced: boolean },
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO reminder_steps (finding_id, deadline, unit_id, offset_days, coalesced) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING finding_id`,
      [s.findingId, s.deadline, s.unitId, s.offsetDays, s.coalesced],
    );
    return rows.length > 0;
  }

  /** The 挂牌督办 reminder steps reached for some listings, as `${kind}:${dueDate}` → offsets. */
  async reachedSupervisionSteps(tx: Tx, listingId: number): Promise<Map<string, Set<number>>> {
    const rows: { kind: string; due_date: string; offset_days: number }[] = await tx.query(
      `SELECT kind, to_char(due_date, 'YYYY-MM-DD') AS due_date, offset_days
         FROM supervision_reminder_steps WHERE listing_id = $1`,
      [listingId],
    );
    const out = new Map<string, Set<number>>();
    for (const r of rows) {
      const key = `${r.kind}:${r.due_date}`;
      out.set(key, (out.get(key) ?? new Set()).add(r.offset_days));
    }
    return out;
  }

  /** Records a 挂牌督办 reminder step as reached; false when another run already had it (then nothing is sent). */
  async reachSupervisionStep(
    tx: Tx,
    s: { listingId: number; kind: string; dueDate: string; offsetDays: number; coalesced: boolean },
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO supervision_reminder_steps (listing_id, kind, due_date, offset_days, coalesced)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING listing_id`,
      [s.listingId, s.kind, s.dueDate, s.offsetDays, s.coalesced],
    );
    return rows.length > 0;
  }

  /**
   * Records inspection tasks as reminded (`DUE` on `day`, or `MISSED` once ever); returns the ids newly recorded —
   * those already reminded (by an earlier or a concurrent run) are not to be named again.
   */
  async recordInspectionReminders(
    tx: Tx,
    kind: 'DUE' | 'MISSED',
    day: string,
    taskIds: number[],
  ): Promise<Set<number>> {
    if (!taskIds.length) return new Set();
    const rows: { task_id: number }[] = await tx.query(
      `INSERT INTO inspection_reminders (task_id, kind, day) SELECT unnest($1::int[]), $2, $3
       ON CONFLICT DO NOTHING RETURNING task_id`,
      [taskIds, kind, day],
    );
    return new Set(rows.map((r) => r.task_id));
  }

  // ---------- the e-mail outbox ----------

  /**
   * Claims the oldest due delivery of a channel: `FOR UPDATE SKIP LOCKED` locks it for this transaction and makes
   * every other instance's worker skip it (they take the next one instead of waiting), so each is sent by one.
   */
  async claimDue(tx: Tx, channel: string, now: Date): Promise<DueDelivery | null> {
    const rows: DueDelivery[] = await tx.query(
      `SELECT d.id, d.address, d.attempts, COALESCE(d.subject, n.title) AS title, COALESCE(d.text, n.body) AS body
         FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.channel = $1 AND d.status = $2 AND d.next_attempt_at <= $3
        ORDER BY d.next_attempt_at, d.id
        LIMIT 1
        FOR UPDATE OF d SKIP LOCKED`,
      [channel, DeliveryStatus.PENDING, now],
    );
    return rows[0] ?? null;
  }

  async recordAttempt(
    tx: Tx,
    id: number,
    a: { status: DeliveryStatus; attempts: number; at: Date; next: Date | null; error: string | null },
  ) {
    await tx.query(
      `UPDATE notification_deliveries
          SET status = $2, attempts = $3, last_attempt_at = $4, next_attempt_at = COALESCE($5, next_attempt_at),
              last_error = $6, sent_at = CASE WHEN $2 = 'SENT' THEN $4 ELSE sent_at END
        WHERE id = $1`,
      [id, a.status, a.attempts, a.at, a.next, a.error],
    );
  }

  /** The latest failed or retried deliveries (for ADMIN), newest first, and the counts per channel and status. */
  async failures(limit: number) {
    const [items, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT d.id, d.channel, d.address, d.status, d.attempts, d.last_error AS "lastError",
                d.last_attempt_at AS "lastAttemptAt", d.next_attempt_at AS "nextAttemptAt", n.title
           FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
          WHERE d.last_error IS NOT NULL
          ORDER BY d.last_attempt_at DESC NULLS LAST, d.id DESC LIMIT $1`,
        [limit],
      ) as Promise<Record<string, unknown>[]>,
      this.dataSource.query(
        `SELECT channel, status, count(*)::int AS n FROM notification_deliveries GROUP BY channel, status
          ORDER BY channel, status`,
      ) as Promise<{ channel: string; status: string; n: number }[]>,
    ]);
    return { items, counts };
  }

  // ---------- group-chat robots ----------

  async insertWebhook(
    tx: Tx,
    w: {
      unitId: number | null;
      supervisionGroupId: number | null;
      name: string;
      channel: string;
      url: string;
      secret: string | null;
    },
  ): Promise<NotificationWebhook> {
    const repo = tx.getRepository(NotificationWebhook);
    const saved = await repo.save(repo.create({ ...w, active: true, disabledAt: null }));
    return { ...saved, secret: null };
  }

  listWebhooks(): Promise<NotificationWebhook[]> {
    return this.dataSource.getRepository(NotificationWebhook).find({ order: { id: 'ASC' } });
  }

  lockWebhook(tx: Tx, id: number): Promise<NotificationWebhook | null> {
    return tx
      .getRepository(NotificationWebhook)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async disableWebhook(tx: Tx, id: number, at: Date): Promise<void> {
    await tx.getRepository(NotificationWebhook).update({ id }, { active: false, disabledAt: at });
  }

  /**
   * The active robots a finding's message goes to: those of its unit and of the units above it (by the unit's
   * materialised path), and those of the round's supervision group.
   */
  async webhooksFor(
    tx: Tx,
    unitPath: string,
    groupId: number | null,
  ): Promise<{ id: number; channel: string }[]> {
    const { rows } = await preparedStatement<{ id: number; channel: string }>(
      tx,
      `SELECT w.id, w.channel FROM notification_webhooks w LEFT JOIN units u ON u.id = w.unit_id
        WHERE w.active AND ((${UnitScope.homeHoldsSql('u.path', '$1')}) OR w.supervision_group_id = $2) ORDER BY w.id`,
      [unitPath, groupId],
    );
    return rows;
  }

  /** The active robots of a unit and the units above it only (weekly reminders: no group involved). */
  webhooksOver(tx: Tx, unitPath: string): Promise<{ id: number; channel: string }[]> {
    return this.webhooksFor(tx, unitPath, null);
  }

  /** A robot with its secret, for sending. */
  webhookForSending(id: number): Promise<NotificationWebhook | null> {
    return this.dataSource
      .getRepository(NotificationWebhook)
      .createQueryBuilder('w')
      .addSelect('w.secret')
      .where('w.id = :id', { id })
      .getOne();
  }
}
