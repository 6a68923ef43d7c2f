import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (驾驶舱 at 100k) and issue 22 (a partial index for open findings): the dashboard's "as of today" figures
 * (open, overdue, MAJOR open) count the open findings of every year, and the weekly-report on-time rate counts the
 * reports due in a period. Without these the first read the whole findings table through its found-date index
 * (100,000 entries for ~12,000 open) and the second the whole weekly_reports table (52,000 rows for a year's 9,500).
 * Both carry the columns the counts read, so a vacuumed table answers from the index alone. Declared on the
 * entities with `synchronize: false`.
 */
export class OpenAndDueIndexes1796480000000 implements MigrationInterface {
  name = 'OpenAndDueIndexes1796480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_findings_open_found_date" ON "findings" ("found_date")
         INCLUDE ("status", "unit_id", "level", "source", "deadline")
         WHERE "status" IN ('ASSIGNED', 'RECTIFYING', 'PENDING_VERIFICATION', 'VERIFIED')`);
    await queryRunner.query(
      `CREATE INDEX "idx_weekly_reports_due_at" ON "weekly_reports" ("due_at") INCLUDE ("unit_id", "status")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_weekly_reports_due_at"`);
    await queryRunner.query(`DROP INDEX "idx_findings_open_found_date"`);
  }
}
