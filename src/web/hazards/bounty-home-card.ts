import { Injectable } from '@nestjs/common';
import { Actor } from '../../auth/actor';

/** 首页 card: bounties awaiting the user's approval (TODO: hazard pages). */
@Injectable()
export class BountyHomeCard {
  async forActor(_actor: Actor): Promise<unknown> {
    return null;
  }
}
