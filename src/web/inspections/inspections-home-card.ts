import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { InspectionTasksService } from '../../inspections/inspection-tasks.service';

/** 首页 card: the inspections due now at the levels the user inspects, and how many were missed (none: no card). */
@Injectable()
export class InspectionsHomeCard {
  constructor(private readonly tasks: InspectionTasksService) {}

  async forActor(actor: Actor): Promise<unknown> {
    const mine = await this.tasks.mine(actor);
    if (!mine.due.length && !mine.missed) return null;
    return mine;
  }
}
