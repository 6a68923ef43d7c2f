import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicJobs } from '../jobs/periodic-jobs';
import { WeeklyDeadlinesService } from './weekly-deadlines.service';

/**
 * Runs the weekly-report deadline job on start (catch-up after downtime) and then every
 * WEEKLY_JOB_INTERVAL_SECONDS. Every instance runs it; claim rows make each week's work happen exactly once.
 */
@Injectable()
export class WeeklyDeadlineJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('WeeklyDeadlineJob');

  constructor(
    private readonly deadlines: WeeklyDeadlinesService,
    private readonly jobs: PeriodicJobs,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.start('weekly-deadlines', this.logger, async () => {
      const { processed } = await this.deadlines.runDeadlines();
      if (processed.length) this.logger.log(`Weekly-report deadlines processed: ${processed.join(', ')}`);
    });
  }
}
