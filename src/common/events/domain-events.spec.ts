import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DomainEvent, DomainEvents, OnDomainEvent } from './domain-events';
import { DomainEventsModule } from './events.module';
import type { Tx } from '../persistence/transactions';

class ThingHappened extends DomainEvent {
  static readonly eventName = 'test.thing-happened';
  constructor(
    tx: Tx,
    readonly value: number,
  ) {
    super(tx);
  }
}

const seen: number[] = [];

@Injectable()
class SlowRecorder {
  @OnDomainEvent(ThingHappened)
  async record(event: ThingHappened): Promise<void> {
    await new Promise((r) => setTimeout(r, 20));
    if (event.value < 0) throw new Error('refused: negative');
    seen.push(event.value);
  }
}

@Module({ providers: [SlowRecorder] })
class HigherModule {}

describe('DomainEvents', () => {
  it('awaits async handlers before publish resolves, and a handler error reaches the publisher', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DomainEventsModule, HigherModule],
    }).compile();
    await moduleRef.init();
    const events = moduleRef.get(DomainEvents);
    await events.publish(new ThingHappened({} as Tx, 7));
    expect(seen).toEqual([7]);
    await expect(events.publish(new ThingHappened({} as Tx, -1))).rejects.toThrow('refused: negative');
    expect(seen).toEqual([7]);
    await moduleRef.close();
  });
});
