import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Job runs that commit their claim before working item by item (the deadline reminder ladder, the 挂牌督办 reminders,
 * the overdue assessments) left the day claimed with part of the work undone when their instance died midway. A claim
 * now records when its work finished, and an unfinished one a lease (renewed by each item) after which another
 * instance takes it over (src/jobs/job-runs.ts). Claims made before this migration were all taken as done, and stay
 * so: they are finished as of their claim.
 */
export class JobClaimLeases1796520000000 implements MigrationInterface {
  name = 'JobClaimLeases1796520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "job_claims" ADD "run_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "job_claims" ADD "lease_until" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,
    );
    await queryRunner.query(`ALTER TABLE "job_claims" ADD "finished_at" TIMESTAMP WITH TIME ZONE`);
    // --- written by hand ---
    await queryRunner.query(
      `UPDATE "job_claims" SET "finished_at" = "claimed_at", "lease_until" = "claimed_at"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "job_claims" DROP COLUMN "finished_at"`);
    await queryRunner.query(`ALTER TABLE "job_claims" DROP COLUMN "lease_until"`);
    await queryRunner.query(`ALTER TABLE "job_claims" DROP COLUMN "run_id"`);
  }
}
