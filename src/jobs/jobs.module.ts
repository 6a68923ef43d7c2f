import { Module } from '@nestjs/common';
import { JobClaimsRepository } from './job-claims.repository';

/**
 * Background jobs that every instance runs but that must happen once: each run of a job for a period is claimed by a
 * `job_claims` row in the same transaction as its work (weekly-report deadlines, overdue-finding assessments).
 */
@Module({ providers: [JobClaimsRepository], exports: [JobClaimsRepository] })
export class JobsModule {}
