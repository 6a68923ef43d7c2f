import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicJobs } from '../jobs/periodic-jobs';
import { LatenessAssessmentsService } from './lateness-assessments.service';

/** The overdue-findings job (LatenessAssessmentsService.runOverdueJob) on every instance, once a day across them. */
@Injectable()
export class OverdueJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('OverdueJob');

  constructor(
    private readonly lateness: LatenessAssessmentsService,
    private readonly jobs: PeriodicJobs,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.start('overdue-findings', this.logger, async () => {
      const { day, assessed } = await this.lateness.runOverdueJob();
      if (day) this.logger.log(`Overdue findings of ${day} assessed: ${assessed.join(', ') || 'none'}`);
    });
  }
}
