import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An obligation counts (makes MISSING rows and assessments) only from the first week whose deadline was ahead when
 * it was set (issue 16, 10). Existing obligations keep what they did: they count from their start date's week.
 */
export class ObligationCountedFrom1796330000000 implements MigrationInterface {
  name = 'ObligationCountedFrom1796330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "weekly_report_obligations" ADD "counted_from" date`);
    await queryRunner.query(
      `UPDATE "weekly_report_obligations" SET "counted_from" = date_trunc('week', "start_date")::date`,
    );
    await queryRunner.query(
      `ALTER TABLE "weekly_report_obligations" ALTER COLUMN "counted_from" SET NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "weekly_report_obligations" DROP COLUMN "counted_from"`);
  }
}
