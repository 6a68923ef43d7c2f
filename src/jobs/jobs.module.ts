import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { JobClaimsRepository } from './job-claims.repository';
import { PeriodicJobs } from './periodic-jobs';

/**
 * Background jobs that every instance runs but that must happen once: PeriodicJobs runs them on a timer, and each
 * run of a job for a period is claimed by a `job_claims` row in the same transaction as its work (weekly-report
 * deadlines, overdue-finding assessments).
 */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [JobClaimsRepository, PeriodicJobs],
  exports: [JobClaimsRepository, PeriodicJobs],
})
export class JobsModule {}
