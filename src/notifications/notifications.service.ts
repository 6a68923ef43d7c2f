import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { notFound, validationFailed } from '../common/errors/domain-error';
import { AuditLogService } from '../audit-log/audit-log.service';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { AppConfig, publicBaseUrl } from '../config/app-config';
import type { Finding } from '../findings/entities/finding.entity';
import { FindingsService } from '../findings/findings.service';
import { UnitsRepository } from '../org/units.repository';
import { RoundsService } from '../rounds/rounds.service';
import { GroupPosition } from '../supervision-groups/group-position';
import { SupervisionGroupsRepository } from '../supervision-groups/supervision-groups.repository';
import { UsersRepository } from '../users/users.repository';
import { message } from './message-texts';
import { Channel, NotificationKind, WEBHOOK_CHANNELS } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import type { Audience } from './rules/ladder';
import { recipientsOf, type FindingPlace } from './rules/recipients';

/** Kinds that go by e-mail unless the user turns them off (when the user has an address). */
export const DEFAULT_EMAIL_KINDS: string[] = Object.values(NotificationKind);

/** A finding with what its messages and recipients need. */
export interface FindingContext {
  finding: Finding;
  unitName: string;
  place: FindingPlace;
}

/**
 * Writes notifications (in-app rows, and outbox rows for the e-mail channel by each user's choice) inside the
 * transaction of the change that causes them, and serves a user's in-app notifications.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly users: UsersRepository,
    private readonly units: UnitsRepository,
    private readonly rounds: RoundsService,
    private readonly groups: SupervisionGroupsRepository,
    private readonly findings: FindingsService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditLogService,
  ) {}

  /** The finding, its unit's name and where it sits (for recipients), read in `tx`. */
  async findingContext(tx: Tx, findingId: number): Promise<FindingContext | null> {
    const finding = await this.findings.findById(findingId, tx);
    if (!finding) return null;
    const unit = (await this.units.findById(finding.unitId, tx))!;
    const [second, round] = await Promise.all([
      this.units.secondLevelOf(unit, tx),
      this.rounds.findById(finding.roundId, tx),
    ]);
    const groupLeaderIds = round?.supervisionGroupId
      ? (await this.groups.currentMembers(round.supervisionGroupId, tx))
          .filter((m) => m.position === GroupPosition.LEADER)
          .map((m) => m.userId)
      : [];
    return {
      finding,
      unitName: unit.name,
      place: {
        unitPath: unit.path,
        secondLevelPath: second?.path ?? null,
        responsiblePerson: finding.responsiblePerson,
        groupLeaderIds,
      },
    };
  }

  /** The page of a finding, as a path and as the full address for e-mails. */
  findingLink(findingId: number): { path: string; url: string } {
    const path = `/findings/${findingId}`;
    return { path, url: `${publicBaseUrl(this.config)}${path}` };
  }

  /**
   * Notifies the audiences of a finding with a message template; returns the ids of the users notified (a user who
   * already has the dedupe key gets nothing again).
   */
  async notifyAboutFinding(
    tx: Tx,
    ctx: FindingContext,
    n: {
      kind: NotificationKind;
      audiences: Audience[];
      template: string;
      values?: Record<string, string | number>;
      dedupeKey?: string;
    },
  ): Promise<number[]> {
    const userIds = recipientsOf(n.audiences, ctx.place, await this.users.activeRecipients(tx));
    const link = this.findingLink(ctx.finding.id);
    const text = message(n.template, {
      code: ctx.finding.code,
      unit: ctx.unitName,
      deadline: ctx.finding.deadline,
      link: link.url,
      ...n.values,
    });
    const prefs = new Map((await this.repo.preferences(userIds, tx)).map((p) => [p.userId, p]));
    const notified: number[] = [];
    let firstId: number | null = null;
    for (const userId of userIds) {
      const id = await this.repo.insert(tx, {
        userId,
        kind: n.kind,
        findingId: ctx.finding.id,
        title: text.title,
        body: text.body,
        link: link.path,
        dedupeKey: n.dedupeKey ?? null,
        createdAt: this.clock.now(),
      });
      if (id === null) continue;
      firstId ??= id;
      notified.push(userId);
      const pref = prefs.get(userId);
      // With a daily digest, reminders wait for it (DigestService); everything else goes at once.
      const waitsForDigest = pref?.digestHour != null && n.kind === NotificationKind.DEADLINE_REMINDER;
      if (pref?.email && pref.emailKinds.includes(n.kind) && !waitsForDigest)
        await this.repo.insertDelivery(tx, id, Channel.EMAIL, pref.email, this.clock.now());
    }
    // The unit's group-chat robots (and those of the units above it) get the message once, whoever it reached.
    if (firstId !== null)
      for (const hook of await this.repo.webhooksOver(tx, ctx.place.unitPath))
        await this.repo.insertDelivery(tx, firstId, hook.channel, String(hook.id), this.clock.now());
    return notified;
  }

  // ---------- a user's own notifications (the in-app channel) ----------

  async list(actor: Actor, q: { limit: number; offset: number; unread?: boolean }) {
    const [items, total] = await this.repo.list(actor.id, q.limit, q.offset, !!q.unread);
    return { items, total, unread: await this.repo.unreadCount(actor.id) };
  }

  unreadCount(actor: Actor): Promise<number> {
    return this.repo.unreadCount(actor.id);
  }

  /** Marks some (or all) of the caller's notifications read; someone else's ids are simply not theirs to mark. */
  async markRead(actor: Actor, ids: number[] | null): Promise<{ marked: number; unread: number }> {
    const marked = await this.transactions.run((tx) =>
      this.repo.markRead(tx, actor.id, ids, this.clock.now()),
    );
    return { marked, unread: await this.repo.unreadCount(actor.id) };
  }

  /** Opens one of the caller's notifications: marked read, and the page it is about (404 for anyone else's). */
  async open(actor: Actor, id: number): Promise<string> {
    const n = await this.repo.findForUser(actor.id, id);
    if (!n) throw notFound('通知 / Notification', id);
    if (!n.readAt)
      await this.transactions.run((tx) => this.repo.markRead(tx, actor.id, [id], this.clock.now()));
    return n.link;
  }

  /** The caller's channel choices (in-app is always on). */
  async preferences(actor: Actor) {
    const p = (await this.repo.preferences([actor.id]))[0];
    return {
      inApp: Object.values(NotificationKind),
      email: p?.email ?? null,
      emailKinds: p ? p.emailKinds : DEFAULT_EMAIL_KINDS,
      digestHour: p?.digestHour ?? null,
    };
  }

  async setPreferences(
    actor: Actor,
    dto: { email?: string | null; emailKinds?: string[]; digestHour?: number | null },
  ) {
    const kinds = Object.values(NotificationKind) as string[];
    const unknown = (dto.emailKinds ?? []).filter((k) => !kinds.includes(k));
    if (unknown.length)
      throw validationFailed([
        { field: 'emailKinds', messages: [`未知的通知类别 / Unknown kinds: ${unknown.join(', ')}`] },
      ]);
    const current = await this.preferences(actor);
    const next = {
      email: dto.email === undefined ? current.email : dto.email,
      emailKinds: dto.emailKinds ?? current.emailKinds,
      digestHour: dto.digestHour === undefined ? current.digestHour : dto.digestHour,
    };
    await this.transactions.run(async (tx) => {
      await this.repo.savePreference(tx, { userId: actor.id, ...next }, this.clock.now());
      await this.audit.record(tx, actor, {
        action: 'NOTIFICATION_PREFERENCES_SET',
        entityType: 'User',
        entityId: actor.id,
        unitId: actor.homeUnitId,
        before: { email: current.email, emailKinds: current.emailKinds, digestHour: current.digestHour },
        after: next,
      });
    });
    return this.preferences(actor);
  }

  /** Adds a unit's 企业微信/钉钉 robot (ADMIN); a malformed URL or unknown unit is refused with the field named. */
  async addWebhook(
    actor: Actor,
    dto: { unitId: number; channel: string; url: string; secret?: string | null },
  ) {
    const problems: { field: string; messages: string[] }[] = [];
    if (!(WEBHOOK_CHANNELS as readonly string[]).includes(dto.channel))
      problems.push({ field: 'channel', messages: ['须为 WECOM 或 DINGTALK / must be WECOM or DINGTALK'] });
    if (!URL.canParse(dto.url) || !['http:', 'https:'].includes(new URL(dto.url).protocol))
      problems.push({ field: 'url', messages: ['机器人地址须为 http(s) 网址 / url must be an http(s) URL'] });
    if (!(await this.units.findById(dto.unitId)))
      problems.push({ field: 'unitId', messages: ['单位不存在 / No such unit'] });
    if (problems.length) throw validationFailed(problems);
    return this.transactions.run(async (tx) => {
      const hook = await this.repo.insertWebhook(tx, {
        unitId: dto.unitId,
        channel: dto.channel,
        url: dto.url,
        secret: dto.secret ?? null,
      });
      await this.audit.record(tx, actor, {
        action: 'NOTIFICATION_WEBHOOK_ADDED',
        entityType: 'NotificationWebhook',
        entityId: hook.id,
        unitId: hook.unitId,
        // The secret is not written to the change log.
        after: { channel: hook.channel, url: hook.url, unitId: hook.unitId, signed: !!dto.secret },
      });
      return hook;
    });
  }

  listWebhooks() {
    return this.repo.listWebhooks();
  }

  failures(limit = 50) {
    return this.repo.failures(limit);
  }
}
