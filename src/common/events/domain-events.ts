import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { Tx } from '../persistence/transactions';

/**
 * A fact one module announces to the modules above it, inside the transaction that caused it. A lower module (e.g.
 * findings) never imports a higher one (e.g. weekly-reports); the higher one handles the event with a provider
 * declared in its own module (`@OnDomainEvent(FindingSimilarLinked)`), so the wiring shows in Nest's module graph.
 * Handlers run one after another before `publish` resolves, write through `event.tx`, and a handler that throws
 * rolls the whole change back — the event is part of the change, not a notification after it.
 */
export abstract class DomainEvent {
  protected constructor(readonly tx: Tx) {}
}

/** The event class with its stable name, e.g. `static readonly eventName = 'findings.similar-linked'`. */
export interface DomainEventClass<E extends DomainEvent> {
  readonly eventName: string;
  new (...args: never[]): E;
}

@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  async publish(event: DomainEvent): Promise<void> {
    const name = (event.constructor as unknown as DomainEventClass<DomainEvent>).eventName;
    await this.emitter.emitAsync(name, event);
  }
}

/** Marks a provider method as the handler of a domain event; errors propagate to the publisher (and roll back). */
export const OnDomainEvent = <E extends DomainEvent>(event: DomainEventClass<E>): MethodDecorator =>
  OnEvent(event.eventName, { suppressErrors: false, async: false });
