import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';

/**
 * A week's deadline was processed and some units had not reported (缺报). Published once per obligation and week
 * (the deadline job's claim), inside its transaction.
 */
export class WeeklyReportsMissing extends DomainEvent {
  static readonly eventName = 'weekly-reports.missing';
  constructor(
    tx: Tx,
    readonly obligationId: number,
    readonly obligationName: string,
    /** `2023-W07`. */
    readonly week: string,
    readonly dueAt: Date,
    /** `2023-02-16 24:00` (business zone). */
    readonly due: string,
    readonly units: { id: number; name: string; path: string }[],
  ) {
    super(tx);
  }
}
