import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { dateInZone, IsoDate } from './business-date';

/** The service's sense of "now" and "today" (in the business zone). Tests may pin it; production never does. */
@Injectable()
export class Clock {
  private pinned?: Date;

  constructor(private readonly config: AppConfig) {}

  now(): Date {
    return this.pinned ? new Date(this.pinned) : new Date();
  }

  today(): IsoDate {
    return dateInZone(this.now(), this.config.BUSINESS_TIME_ZONE);
  }

  get timeZone(): string {
    return this.config.BUSINESS_TIME_ZONE;
  }

  /** For tests only (NODE_ENV=test): fix the clock at an instant, or release it. */
  pinForTesting(instant: Date | undefined): void {
    if (this.config.NODE_ENV !== 'test') throw new Error('The clock can only be pinned in tests');
    this.pinned = instant;
  }

  /**
   * For the demo seeder only: replays 2022–2023 events at their own dates (so "late" and "closed within 12 months"
   * come out as they did then). It runs before the HTTP server listens, so no request sees the pinned time.
   */
  async replayAt<T>(instant: Date, work: () => Promise<T>): Promise<T> {
    const previous = this.pinned;
    this.pinned = instant;
    try {
      return await work();
    } finally {
      this.pinned = previous;
    }
  }
}
