import { Injectable } from '@nestjs/common';
import { conflict } from '../common/errors/domain-error';
import { OnDomainEvent } from '../common/events/domain-events';
import { UnitDeactivating } from '../org/org.events';
import { FindingsRepository } from './findings.repository';

/** A unit with open findings cannot be deactivated: someone must still rectify them. */
@Injectable()
export class FindingsUnitDeactivationCheck {
  constructor(private readonly counts: FindingsRepository) {}

  @OnDomainEvent(UnitDeactivating)
  async refuseWhileFindingsOpen(e: UnitDeactivating): Promise<void> {
    const n = await this.counts.countOpenInSubtree(e.tx, e.unit.path);
    if (n > 0)
      throw conflict(
        'UNIT_HAS_OPEN_WORK',
        `「${e.unit.name}」还有 ${n} 个未销号的问题，不能停用 / ${n} open finding(s) remain in this unit`,
      );
  }
}
