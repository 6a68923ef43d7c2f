import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';

/**
 * Starts the deadline jobs every instance runs: at start (catching up after downtime) and then every
 * WEEKLY_JOB_INTERVAL_SECONDS, never two runs of one job at once in this instance; off in tests and with 0. A failed
 * run is logged and retried at the next tick. Claims (JobClaimsRepository) make the work happen once across instances.
 */
@Injectable()
export class PeriodicJobs {
  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  start(name: string, logger: Logger, work: () => Promise<void>): void {
    if (this.config.NODE_ENV === 'test' || this.config.WEEKLY_JOB_INTERVAL_SECONDS === 0) return;
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await work();
      } catch (err) {
        logger.error({ err }, `The ${name} job failed; it will retry`);
      } finally {
        running = false;
      }
    };
    void tick();
    this.scheduler.addInterval(
      name,
      setInterval(() => void tick(), this.config.WEEKLY_JOB_INTERVAL_SECONDS * 1000),
    );
  }
}
