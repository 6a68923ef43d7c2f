import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/access/actor';
import { BountyHomeCard } from '../hazards/bounty-home-card';
import { WeeklyHomeCard } from '../weekly/weekly-home-card';

/** The parts of 首页 owned by other capabilities: this week's report and its deadline, bounties to approve. */
@Injectable()
export class HomeCards {
  constructor(
    private readonly weekly: WeeklyHomeCard,
    private readonly bounties: BountyHomeCard,
  ) {}

  async forActor(actor: Actor): Promise<{ weekly: unknown; bounties: unknown }> {
    const [weekly, bounties] = await Promise.all([
      this.weekly.forActor(actor),
      this.bounties.forActor(actor),
    ]);
    return { weekly, bounties };
  }
}
