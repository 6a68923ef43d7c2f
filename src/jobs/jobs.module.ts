import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { JobClaimsRepository } from './job-claims.repository';
import { JobRuns } from './job-runs';
import { PeriodicJobs } from './periodic-jobs';

/**
 * Background jobs that every instance runs but that must happen once: PeriodicJobs runs them on a timer, and each
 * run of a job for a period is claimed by a `job_claims` row — in the same transaction as its work (weekly-report
 * deadlines, the morning reminders, the digests), or first and leased while the work goes item by item (JobRuns: the
 * deadline reminder ladder, the 挂牌督办 reminders, the overdue assessments), taken over if its instance dies.
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [JobClaimsRepository, JobRuns, PeriodicJobs],
  exports: [JobClaimsRepository, JobRuns, PeriodicJobs],
})
export class JobsModule {}
