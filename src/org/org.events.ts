import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';
import type { Unit } from './unit.entity';

/**
 * A unit is about to be deactivated (inside the deactivation's transaction). A module that still has open work in
 * the unit's subtree refuses by throwing `conflict('UNIT_HAS_OPEN_WORK', <message>)` from its handler.
 */
export class UnitDeactivating extends DomainEvent {
  static readonly eventName = 'org.unit-deactivating';
  constructor(
    tx: Tx,
    readonly unit: Unit,
  ) {
    super(tx);
  }
}
