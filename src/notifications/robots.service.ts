import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, type FieldProblem, notFound, validationFailed } from '../common/errors/domain-error';
import { allProblems } from '../common/errors/field-problems';
import { Transactions } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { UnitsRepository } from '../org/units.repository';
import { SupervisionGroupsRepository } from '../supervision-groups/supervision-groups.repository';
import { WEBHOOK_CHANNELS } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { robotUrlProblem } from './rules/robot-url';

/** A robot's fields in the form's order: how one refusal lists them. */
const ROBOT_FIELDS = ['unitId', 'supervisionGroupId', 'name', 'channel', 'url', 'secret'] as const;

export interface NewRobot {
  unitId?: number | null;
  supervisionGroupId?: number | null;
  name?: string | null;
  channel: string;
  url: string;
  secret?: string | null;
}

/**
 * The group-chat robots (企业微信, 钉钉) of units and of supervision groups, managed by ADMIN: added (a malformed URL,
 * an unknown unit or group is refused with the field named) and disabled — never deleted, their messages stay on
 * record. The signing secret is kept for sending and never shown again.
 */
@Injectable()
export class RobotsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly units: UnitsRepository,
    private readonly groups: SupervisionGroupsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
  ) {}

  /**
   * Adds a robot. `given`: what the API's body check found (those fields are left out of `dto`), answered with the
   * rules below in one refusal, so one faulty field does not hide the others.
   */
  async add(actor: Actor, dto: NewRobot, given: readonly FieldProblem[] = []) {
    const problems: FieldProblem[] = [];
    const unitId = dto.unitId ?? null;
    const groupId = dto.supervisionGroupId ?? null;
    if (!(WEBHOOK_CHANNELS as readonly string[]).includes(dto.channel))
      problems.push({ field: 'channel', messages: ['须为 WECOM 或 DINGTALK / must be WECOM or DINGTALK'] });
    const urlProblem = robotUrlProblem(dto.url);
    if (urlProblem) problems.push({ field: 'url', messages: [urlProblem] });
    if ((unitId === null) === (groupId === null))
      problems.push({
        field: 'unitId',
        messages: ['请选择单位或督导组（二选一） / Give a unit or a supervision group, not both'],
      });
    else if (unitId !== null && !(await this.units.findById(unitId)))
      problems.push({ field: 'unitId', messages: ['单位不存在 / No such unit'] });
    else if (groupId !== null && !(await this.groups.findById(groupId)))
      problems.push({ field: 'supervisionGroupId', messages: ['督导组不存在 / No such supervision group'] });
    const all = allProblems(ROBOT_FIELDS, given, problems);
    if (all.length) throw validationFailed(all);
    return this.transactions.run(async (tx) => {
      const hook = await this.repo.insertWebhook(tx, {
        unitId,
        supervisionGroupId: groupId,
        name: dto.name?.trim() ?? '',
        channel: dto.channel,
        url: dto.url.trim(),
        secret: dto.secret?.trim() || null,
      });
      await this.audit.record(tx, actor, {
        action: 'NOTIFICATION_WEBHOOK_ADDED',
        entityType: 'NotificationWebhook',
        entityId: hook.id,
        unitId: hook.unitId,
        // The secret is not written to the change log.
        after: {
          channel: hook.channel,
          url: hook.url,
          unitId,
          supervisionGroupId: groupId,
          name: hook.name,
          signed: !!hook.secret || !!dto.secret?.trim(),
        },
      });
      return hook;
    });
  }

  /** Stops a robot (its past messages stay on record); a second disable is a conflict. */
  async disable(actor: Actor, id: number) {
    return this.transactions.run(async (tx) => {
      const hook = await this.repo.lockWebhook(tx, id);
      if (!hook) throw notFound('群机器人 / Robot', id);
      if (!hook.active) throw conflict('ROBOT_DISABLED', '该机器人已停用 / The robot is already disabled');
      const at = this.clock.now();
      await this.repo.disableWebhook(tx, id, at);
      await this.audit.record(tx, actor, {
        action: 'NOTIFICATION_WEBHOOK_DISABLED',
        entityType: 'NotificationWebhook',
        entityId: id,
        unitId: hook.unitId,
        before: { active: true },
        after: { active: false, disabledAt: at },
      });
      return { ...hook, active: false, disabledAt: at };
    });
  }

  list() {
    return this.repo.listWebhooks();
  }
}
