import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 points 6–7: the OVERDUE assessment reason (a finding passed its deadline with the unit still owing), and
 * one lateness assessment per (finding, deadline). Existing LATE_RECTIFICATION assessments get the deadline their
 * summary was late against; where a finding was assessed twice for one deadline (a second late summary after a
 * failed verification), the first keeps it and the later ones stay as they are, outside the rule.
 */
export class LatenessAssessments1796320000000 implements MigrationInterface {
  name = 'LatenessAssessments1796320000000';
  // ALTER TYPE … ADD VALUE: the new value is not used in this migration.

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."assessment_reason" ADD VALUE IF NOT EXISTS 'OVERDUE'`);
    await queryRunner.query(`ALTER TABLE "assessments" ADD "lateness_deadline" date`);
    await queryRunner.query(
      `UPDATE assessments a SET lateness_deadline = first.deadline
         FROM (SELECT DISTINCT ON (x.finding_id, s.deadline_at_submission) x.id, s.deadline_at_submission AS deadline
                 FROM assessments x JOIN rectification_summaries s ON s.id = x.source_id
                WHERE x.reason = 'LATE_RECTIFICATION' AND x.source_type = 'RectificationSummary' AND x.finding_id IS NOT NULL
                ORDER BY x.finding_id, s.deadline_at_submission, x.id) first
        WHERE a.id = first.id`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_assessment_per_lateness" ON "assessments" ("finding_id", "lateness_deadline") WHERE "lateness_deadline" IS NOT NULL`,
    );
  }

  /** Down: OVERDUE assessments become LATE_RECTIFICATION (assessments are never deleted). */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_assessment_per_lateness"`);
    await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "lateness_deadline"`);
    await queryRunner.query(
      `CREATE TYPE "public"."assessment_reason_old" AS ENUM('LATE_RECTIFICATION', 'FAILED_VERIFICATION', 'RECURRENCE', 'COMPANY_FOUND_SIMILAR', 'MISSING_WEEKLY_REPORT', 'LATE_WEEKLY_REPORT', 'OTHER')`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_assessment_per_cause"`);
    await queryRunner.query(
      `ALTER TABLE "assessments" ALTER COLUMN "reason" TYPE "public"."assessment_reason_old" USING (CASE WHEN "reason" = 'OVERDUE' THEN 'LATE_RECTIFICATION' ELSE "reason"::"text" END)::"public"."assessment_reason_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."assessment_reason"`);
    await queryRunner.query(`ALTER TYPE "public"."assessment_reason_old" RENAME TO "assessment_reason"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_assessment_per_cause" ON "assessments" ("reason", "source_type", "source_id", "unit_id") WHERE "source_id" IS NOT NULL`,
    );
  }
}
