import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { WeeklyDeadlinesService } from './weekly-deadlines.service';

/**
 * Runs the weekly-report deadline job on start (catch-up after downtime) and then every
 * WEEKLY_JOB_INTERVAL_SECONDS. Every instance runs it; claim rows make each week's work happen exactly once.
 */
@Injectable()
export class WeeklyDeadlineJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('WeeklyDeadlineJob');
  private running = false;

  constructor(
    private readonly deadlines: WeeklyDeadlinesService,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV === 'test' || this.config.WEEKLY_JOB_INTERVAL_SECONDS === 0) return;
    void this.tick();
    this.scheduler.addInterval(
      'weekly-deadlines',
      setInterval(() => void this.tick(), this.config.WEEKLY_JOB_INTERVAL_SECONDS * 1000),
    );
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const { processed } = await this.deadlines.runDeadlines();
      if (processed.length) this.logger.log(`Weekly-report deadlines processed: ${processed.join(', ')}`);
    } catch (err) {
      this.logger.error({ err }, 'Weekly-report deadline job failed; it will retry');
    } finally {
      this.running = false;
    }
  }
}
