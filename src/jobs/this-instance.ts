import { hostname } from 'node:os';

/**
 * The name a job claim records for the instance that made it (job_claims.claimed_by), for the operator reading the
 * table: the host and the process — a bare pid repeats across containers, where every service is pid 1. Only a label:
 * claims are fenced by their run id (JobRuns), not by this.
 */
export const THIS_INSTANCE = `${hostname()}:${process.pid}`;
