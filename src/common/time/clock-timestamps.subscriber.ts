import { Injectable } from '@nestjs/common';
import { DataSource, EntitySubscriberInterface, InsertEvent } from 'typeorm';
import { Clock } from './clock';

/**
 * Stamps every entity's creation time (its @CreateDateColumn) from the service's Clock instead of the database's
 * now(), so business records (plans, summaries, verifications, reports, …) carry the business time — the same
 * time the rules used — also when the demo replays 2023 or a test pins the clock.
 */
@Injectable()
export class ClockTimestampsSubscriber implements EntitySubscriberInterface {
  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    dataSource.subscribers.push(this);
  }

  beforeInsert(event: InsertEvent<Record<string, unknown>>): void {
    const column = event.metadata.createDateColumn;
    if (!column || !event.entity) return;
    if (event.entity[column.propertyName] === undefined) event.entity[column.propertyName] = this.clock.now();
  }
}
