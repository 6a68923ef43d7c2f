import { Injectable } from '@nestjs/common';
import { Actor } from '../../auth/actor';

/** 首页 card: this week's 举一反三 report of the user's unit and its deadline (TODO: weekly pages). */
@Injectable()
export class WeeklyHomeCard {
  async forActor(_actor: Actor): Promise<unknown> {
    return null;
  }
}
