import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A leased job run (src/jobs/job-runs.ts) whose items partly failed is tried again after a pause that grows with each
 * failed attempt, and given up for the day after a few (rules/job-lease.ts): the claim counts its failed attempts and
 * keeps which items failed last, for the operator and for the day's final error.
 */
export class JobClaimFailedItems1796630000000 implements MigrationInterface {
  name = 'JobClaimFailedItems1796630000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "job_claims" ADD "failed_attempts" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "job_claims" ADD "failed_items" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "job_claims" DROP COLUMN "failed_items"`);
    await queryRunner.query(`ALTER TABLE "job_claims" DROP COLUMN "failed_attempts"`);
  }
}
