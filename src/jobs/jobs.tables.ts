import { JobClaim } from './job-claim.entity';

/** The tables the jobs module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const JOBS_TABLES: Function[] = [JobClaim];
