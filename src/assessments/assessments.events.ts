import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';

/** An assessment (考核) was created, by a rule or by hand; inside its transaction. */
export class AssessmentCreated extends DomainEvent {
  static readonly eventName = 'assessments.created';
  constructor(
    tx: Tx,
    readonly assessment: {
      id: number;
      unitId: number;
      reasonLabel: string;
      text: string;
      points: number | null;
      amountYuan: number | null;
      findingId: number | null;
    },
  ) {
    super(tx);
  }
}

/** A notice (通报) was published; the units it assesses are named. */
export class NoticePublished extends DomainEvent {
  static readonly eventName = 'assessments.notice-published';
  constructor(
    tx: Tx,
    readonly notice: { id: number; title: string; documentNumber: string | null; publishedOn: string },
    readonly unitIds: number[],
  ) {
    super(tx);
  }
}
