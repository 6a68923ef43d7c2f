import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/domain-events';
import { BountyStepTaken, HazardReportTriaged } from '../hazard-reports/hazard-reports.events';
import { UnitsRepository } from '../org/units.repository';
import { message } from './message-texts';
import { NotificationKind } from './notification.enums';
import { NotificationsService } from './notifications.service';
import { bountyRecipients, reporterLabel } from './rules/recipients';

const TEMPLATE = {
  PROPOSED: 'BOUNTY_AWAITING_APPROVAL',
  APPROVED: 'BOUNTY_APPROVED',
  REJECTED: 'BOUNTY_REJECTED',
  PAID: 'BOUNTY_PAID',
} as const;

/**
 * What the reporter hears of their report: its 核查 result (属实, 不属实, 重复), then, for a valid one, its bounty.
 * 举报奖励: awaiting approval → the leaders (not the proposer); approved, rejected (with its reason) and paid → the
 * reporter alone. A hidden reporter is named to nobody: the leaders' message says 匿名举报人, and bounty news never
 * goes to a group-chat robot (a unit's chat would learn who was rewarded).
 */
@Injectable()
export class BountyNotificationsHandler {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly units: UnitsRepository,
  ) {}

  @OnDomainEvent(BountyStepTaken)
  async bountyStep(e: BountyStepTaken): Promise<void> {
    const users = await this.notifications.candidates(e.tx);
    const userIds = bountyRecipients(
      { status: e.bounty.status, proposedById: e.bounty.proposedById, reporterId: e.report.reporterId },
      users,
    );
    if (!userIds.length) return;
    const unit = await this.units.findById(e.report.hazardUnitId, e.tx);
    const link = this.notifications.pageLink(`/hazard-reports/${e.report.id}`);
    const reporter = users.find((u) => u.id === e.report.reporterId)?.displayName;
    const text = message(TEMPLATE[e.bounty.status], {
      report: e.report.id,
      unit: unit?.name ?? '',
      amount: e.bounty.amountYuan,
      paidOn: e.bounty.paidOn ?? '',
      note: e.bounty.decisionNote ?? '',
      reporter: reporterLabel(e.report.hideIdentity, reporter),
      link: link.url,
    });
    await this.notifications.deliver(e.tx, {
      userIds,
      kind: NotificationKind.BOUNTY,
      ...text,
      link: link.path,
      dedupeKey: `bounty:${e.bounty.id}:${e.bounty.status}`,
    });
  }

  /** 核查结果 → the reporter alone (whoever they are, hidden or not: it is their own report). */
  @OnDomainEvent(HazardReportTriaged)
  async triaged(e: HazardReportTriaged): Promise<void> {
    const unit = await this.units.findById(e.report.hazardUnitId, e.tx);
    const link = this.notifications.pageLink(`/hazard-reports/${e.report.id}`);
    const text = message(`HAZARD_REPORT_${e.report.result}`, {
      report: e.report.id,
      unit: unit?.name ?? '',
      note: e.report.note ? `说明：${e.report.note}。` : '',
      link: link.url,
    });
    await this.notifications.deliver(e.tx, {
      userIds: [e.report.reporterId],
      kind: NotificationKind.HAZARD_REPORT_TRIAGED,
      ...text,
      link: link.path,
      dedupeKey: `hazard-report:${e.report.id}:triaged`,
    });
  }
}
