import { Injectable } from '@nestjs/common';
import { AssessmentCreated, NoticePublished } from '../assessments/assessments.events';
import { OnDomainEvent } from '../common/events/domain-events';
import { UnitsRepository } from '../org/units.repository';
import { message } from './message-texts';
import { NotificationKind } from './notification.enums';
import { NotificationsService } from './notifications.service';
import { recipientsOf, unitPlace } from './rules/recipients';

/** 考核 and 通报: an assessment to the heads over the assessed unit; a published notice to the units it assesses. */
@Injectable()
export class AssessmentNotificationsHandler {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly units: UnitsRepository,
  ) {}

  @OnDomainEvent(AssessmentCreated)
  async assessmentCreated(e: AssessmentCreated): Promise<void> {
    const a = e.assessment;
    const unit = await this.units.findById(a.unitId, e.tx);
    if (!unit) return;
    const users = await this.notifications.candidates(e.tx, unit.path);
    const link = this.notifications.pageLink('/assessments');
    const score = [
      a.points !== null ? `${a.points} 分` : '',
      a.amountYuan !== null ? `${a.amountYuan} 元` : '',
    ]
      .filter(Boolean)
      .join('、');
    await this.notifications.deliver(e.tx, {
      userIds: recipientsOf(['head'], unitPlace(unit.path), users),
      kind: NotificationKind.ASSESSMENT_CREATED,
      ...message('ASSESSMENT_CREATED', {
        unit: unit.name,
        reason: a.reasonLabel,
        score,
        text: a.text,
        link: link.url,
      }),
      link: link.path,
      findingId: a.findingId,
      dedupeKey: `assessment:${a.id}`,
    });
  }

  @OnDomainEvent(NoticePublished)
  async noticePublished(e: NoticePublished): Promise<void> {
    const users = await this.notifications.candidates(e.tx);
    const link = this.notifications.pageLink(`/notices/${e.notice.id}`);
    for (const unit of (await Promise.all(e.unitIds.map((id) => this.units.findById(id, e.tx)))).filter(
      (u) => u !== null,
    ))
      await this.notifications.deliver(e.tx, {
        userIds: recipientsOf(['unit', 'head'], unitPlace(unit.path), users),
        kind: NotificationKind.NOTICE_PUBLISHED,
        ...message('NOTICE_PUBLISHED', {
          unit: unit.name,
          notice: e.notice.title,
          number: e.notice.documentNumber ? `（${e.notice.documentNumber}）` : '',
          date: e.notice.publishedOn,
          link: link.url,
        }),
        link: link.path,
        // A user over several of the units hears of the notice once.
        dedupeKey: `notice:${e.notice.id}`,
      });
  }
}
