import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../config/app-config';
import { LatenessAssessmentsService } from './lateness-assessments.service';

/**
 * Runs the overdue-findings job on start (catch-up after downtime) and then every WEEKLY_JOB_INTERVAL_SECONDS (the
 * deadline jobs share the setting). Every instance runs it; a claim row per business day makes it happen once.
 */
@Injectable()
export class OverdueJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('OverdueJob');
  private running = false;

  constructor(
    private readonly lateness: LatenessAssessmentsService,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV === 'test' || this.config.WEEKLY_JOB_INTERVAL_SECONDS === 0) return;
    void this.tick();
    this.scheduler.addInterval(
      'overdue-findings',
      setInterval(() => void this.tick(), this.config.WEEKLY_JOB_INTERVAL_SECONDS * 1000),
    );
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const { day, assessed } = await this.lateness.runOverdueJob();
      if (day)
        this.logger.log(
          `Overdue findings of ${day} assessed: ${assessed.length ? assessed.join(', ') : 'none'}`,
        );
    } catch (err) {
      this.logger.error({ err }, 'Overdue-findings job failed; it will retry');
    } finally {
      this.running = false;
    }
  }
}
