import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';
import type { Finding } from './entities/finding.entity';

/**
 * A finding was linked as similar to another (举一反三), inside the linking transaction — whoever linked it (the
 * finding's registration, the close-out sweep). The weekly reports' COMPANY_FOUND_SIMILAR rule acts on it.
 */
export class FindingSimilarLinked extends DomainEvent {
  static readonly eventName = 'findings.similar-linked';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly similarToId: number,
  ) {
    super(tx);
  }
}

/**
 * A finding is now the work of a unit: registered, or moved to another unit (改派). Inside the change's transaction;
 * notifications tell the unit and restart the deadline reminders for the new unit.
 */
export class FindingAssigned extends DomainEvent {
  static readonly eventName = 'findings.assigned';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly unitId: number,
    readonly previousUnitId: number | null,
  ) {
    super(tx);
  }
}

/** A finding's deadline moved (edited before the plan, or an extension approved): its reminders restart from it. */
export class FindingDeadlineChanged extends DomainEvent {
  static readonly eventName = 'findings.deadline-changed';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly previousDeadline: string,
    readonly deadline: string,
  ) {
    super(tx);
  }
}

/**
 * A finding changed status (a summary handed in, verified, closed, cancelled …): reminders of the old state end.
 * Carries the finding as saved, so handlers need not read it again.
 */
export class FindingStatusChanged extends DomainEvent {
  static readonly eventName = 'findings.status-changed';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly previousStatus: string,
    readonly status: string,
    readonly finding?: Finding,
  ) {
    super(tx);
  }
}

/** A MAJOR finding's plan was recorded by a unit officer and waits for the unit head's confirmation (确认). */
export class FindingPlanAwaitingConfirmation extends DomainEvent {
  static readonly eventName = 'findings.plan-awaiting-confirmation';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly planRevision: number,
  ) {
    super(tx);
  }
}

/** The unit asked for a later deadline (延期申请); the approver decides it. */
export class FindingExtensionRequested extends DomainEvent {
  static readonly eventName = 'findings.extension-requested';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly extensionId: number,
    readonly requestedDeadline: string,
  ) {
    super(tx);
  }
}

/** An extension request was approved or refused (the unit is told; an approval also moves the deadline). */
export class FindingExtensionDecided extends DomainEvent {
  static readonly eventName = 'findings.extension-decided';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly extensionId: number,
    readonly approved: boolean,
    readonly requestedDeadline: string,
    readonly note: string | null,
  ) {
    super(tx);
  }
}
