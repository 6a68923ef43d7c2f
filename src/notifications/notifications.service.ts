import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { notFound, validationFailed } from '../common/errors/domain-error';
import { AuditLogService } from '../audit-log/audit-log.service';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { AppConfig, publicBaseUrl } from '../config/app-config';
import type { Finding } from '../findings/entities/finding.entity';
import { HazardLevel } from '../findings/finding.enums';
import { FindingsService } from '../findings/findings.service';
import { secondLevelIn } from '../org/unit-kind';
import { UnitsRepository } from '../org/units.repository';
import { RoundsService } from '../rounds/rounds.service';
import { GroupPosition } from '../supervision-groups/group-position';
import { SupervisionGroupsRepository } from '../supervision-groups/supervision-groups.repository';
import { UsersRepository } from '../users/users.repository';
import { EmailTransport } from './email-transport';
import { message } from './message-texts';
import { Channel, NotificationKind } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { recipientsOf, type FindingAudience, type FindingPlace } from './rules/recipients';

/** Kinds that go by e-mail unless the user turns them off (when the user has an address). */
export const DEFAULT_EMAIL_KINDS: string[] = Object.values(NotificationKind);

/** A finding with what its messages and recipients need. */
export interface FindingContext {
  finding: Finding;
  unitName: string;
  place: FindingPlace;
  /** The round's supervision group (its robots hear of the finding too). */
  groupId: number | null;
}

/** One message to some users, with the robots that get it once (none for private news such as a bounty). */
export interface Delivery {
  userIds: number[];
  kind: NotificationKind;
  title: string;
  body: string;
  /** The page, as a path. */
  link: string;
  findingId?: number | null;
  dedupeKey?: string | null;
  robots?: { id: number; channel: string }[];
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
    private readonly email: EmailTransport,
  ) {}

  /** The finding (or the one of that id, read in `tx`), its unit's name and where it sits (for recipients). */
  async findingContext(tx: Tx, findingOrId: Finding | number): Promise<FindingContext | null> {
    const finding =
      typeof findingOrId === 'number' ? await this.findings.findById(findingOrId, tx) : findingOrId;
    if (!finding) return null;
    const [lineage, round] = await Promise.all([
      this.units.lineageOfId(finding.unitId, tx),
      this.rounds.findById(finding.roundId, tx),
    ]);
    const unit = lineage.find((u) => u.id === finding.unitId)!;
    const second = secondLevelIn(lineage);
    const members = round?.supervisionGroupId
      ? await this.groups.currentMembers(round.supervisionGroupId, tx)
      : [];
    return {
      finding,
      unitName: unit.name,
      groupId: round?.supervisionGroupId ?? null,
      place: {
        unitPath: unit.path,
        secondLevelPath: second?.path ?? null,
        responsiblePerson: finding.responsiblePerson,
        groupLeaderIds: members.filter((m) => m.position === GroupPosition.LEADER).map((m) => m.userId),
        groupMemberIds: members.map((m) => m.userId),
        major: finding.level === HazardLevel.MAJOR,
      },
    };
  }

  /** The page of a finding, as a path and as the full address for e-mails. */
  findingLink(findingId: number): { path: string; url: string } {
    return this.pageLink(`/findings/${findingId}`);
  }

  /**
   * A page as a path and as the full address under the configured base (publicBaseUrl), never the address of the
   * request that caused the message: its readers are other people, and a Host header must not choose their links.
   */
  pageLink(path: string): { path: string; url: string } {
    return { path, url: `${publicBaseUrl(this.config)}${path}` };
  }

  /** The active users a recipient rule chooses from; with `seeingUnitPath`, only those whose scope holds that unit. */
  candidates(tx: Tx, seeingUnitPath?: string) {
    return this.users.activeRecipients(tx, seeingUnitPath);
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
      audiences: FindingAudience[];
      template: string;
      values?: Record<string, string | number>;
      dedupeKey?: string;
      /** The page the message leads to, as a path, when not the finding's own (e.g. its 挂牌督办 listing). */
      page?: string;
    },
  ): Promise<number[]> {
    const userIds = recipientsOf(
      n.audiences,
      ctx.place,
      await this.users.activeRecipients(tx, ctx.place.unitPath),
    );
    const link = n.page ? this.pageLink(n.page) : this.findingLink(ctx.finding.id);
    const text = message(n.template, {
      code: ctx.finding.code,
      unit: ctx.unitName,
      deadline: ctx.finding.deadline,
      link: link.url,
      ...n.values,
    });
    return this.deliver(tx, {
      userIds,
      kind: n.kind,
      ...text,
      link: link.path,
      findingId: ctx.finding.id,
      dedupeKey: n.dedupeKey,
      // The unit's group-chat robots (and those above it) and the round's group's robots, once, whoever it reached.
      robots: await this.repo.webhooksFor(tx, ctx.place.unitPath, ctx.groupId),
    });
  }

  /**
   * Writes one notification per user (in-app) and its outbox rows: e-mail by each user's choice (a reminder waits
   * for the user's daily digest), and one message per robot. Returns the users notified (a user who already has the
   * dedupe key gets nothing again; robots post only when someone was notified).
   */
  async deliver(tx: Tx, d: Delivery): Promise<number[]> {
    const prefs = new Map((await this.repo.preferences(d.userIds, tx)).map((p) => [p.userId, p]));
    const now = this.clock.now();
    const users = [...new Set(d.userIds)];
    const ids = await this.repo.insertMany(
      tx,
      users.map((userId) => ({
        userId,
        kind: d.kind,
        findingId: d.findingId ?? null,
        title: d.title,
        body: d.body,
        link: d.link,
        dedupeKey: d.dedupeKey ?? null,
        createdAt: now,
      })),
    );
    const notified = users.filter((u) => ids.has(u));
    const outbox: { notificationId: number; channel: string; address: string; at: Date }[] = [];
    for (const userId of notified) {
      const pref = prefs.get(userId);
      const waitsForDigest = pref?.digestHour != null && d.kind === NotificationKind.DEADLINE_REMINDER;
      if (pref?.email && pref.emailKinds.includes(d.kind) && !waitsForDigest)
        outbox.push({
          notificationId: ids.get(userId)!,
          channel: Channel.EMAIL,
          address: pref.email,
          at: now,
        });
    }
    if (notified.length)
      for (const hook of d.robots ?? [])
        outbox.push({
          notificationId: ids.get(notified[0])!,
          channel: hook.channel,
          address: String(hook.id),
          at: now,
        });
    await this.repo.insertDeliveries(tx, outbox);
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
    return preferencesView((await this.repo.preferences([actor.id]))[0]);
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
    const stored = (await this.repo.preferences([actor.id]))[0];
    const current = preferencesView(stored);
    const next = {
      email: dto.email === undefined ? current.email : dto.email,
      emailKinds: dto.emailKinds ?? current.emailKinds,
      digestHour: dto.digestHour === undefined ? current.digestHour : dto.digestHour,
    };
    const before = { email: current.email, emailKinds: current.emailKinds, digestHour: current.digestHour };
    // Saved again unchanged: nothing to write, and no empty entry in the change log.
    if (stored && JSON.stringify(before) === JSON.stringify(next)) return current;
    await this.transactions.run(async (tx) => {
      await this.repo.savePreference(tx, { userId: actor.id, ...next }, this.clock.now());
      await this.audit.record(tx, actor, {
        action: 'NOTIFICATION_PREFERENCES_SET',
        entityType: 'User',
        entityId: actor.id,
        unitId: actor.homeUnitId,
        before,
        after: next,
      });
    });
    return this.preferences(actor);
  }

  /** The latest delivery errors, the counts per channel and status, and the SMTP check made at start (ADMIN). */
  async failures(limit = 50) {
    return { ...(await this.repo.failures(limit)), smtp: this.email.status };
  }
}

/** A user's channel choices as the API shows them: the defaults until they saved their own. */
function preferencesView(
  p: { email: string | null; emailKinds: string[]; digestHour: number | null } | undefined,
) {
  return {
    inApp: Object.values(NotificationKind),
    email: p?.email ?? null,
    emailKinds: p ? p.emailKinds : DEFAULT_EMAIL_KINDS,
    digestHour: p?.digestHour ?? null,
  };
}
