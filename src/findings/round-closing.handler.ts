import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/domain-events';
import { conflict } from '../common/errors/domain-error';
import { RoundClosing } from '../rounds/rounds.events';
import { RoundStatisticsRepository } from './round-statistics.repository';

/** A round closes only when every finding is closed or cancelled: refuses RoundClosing while any is open. */
@Injectable()
export class RoundClosingHandler {
  constructor(private readonly stats: RoundStatisticsRepository) {}

  @OnDomainEvent(RoundClosing)
  async handle(e: RoundClosing): Promise<void> {
    const open = await this.stats.openCount(e.tx, e.roundId);
    if (open > 0) {
      throw conflict(
        'ROUND_HAS_OPEN_FINDINGS',
        `本轮还有 ${open} 个问题未销号或作废，不能关闭 / ${open} finding(s) are still open`,
        { openFindings: open },
      );
    }
  }
}
