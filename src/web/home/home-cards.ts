import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/access/actor';
import { BountyHomeCard } from '../hazards/bounty-home-card';
import { InspectionsHomeCard } from '../inspections/inspections-home-card';
import { NotificationsHomeCard } from '../notifications/notifications-home-card';
import { WeeklyHomeCard } from '../weekly/weekly-home-card';

/** The parts of 首页 owned by other capabilities: this week's report and its deadline, bounties to approve, the latest notifications. */
@Injectable()
export class HomeCards {
  constructor(
    private readonly weekly: WeeklyHomeCard,
    private readonly bounties: BountyHomeCard,
    private readonly notifications: NotificationsHomeCard,
    private readonly inspections: InspectionsHomeCard,
  ) {}

  async forActor(
    actor: Actor,
  ): Promise<{ weekly: unknown; bounties: unknown; notifications: unknown; inspections: unknown }> {
    const [weekly, bounties, notifications, inspections] = await Promise.all([
      this.weekly.forActor(actor),
      this.bounties.forActor(actor),
      this.notifications.forActor(actor),
      this.inspections.forActor(actor),
    ]);
    return { weekly, bounties, notifications, inspections };
  }
}
