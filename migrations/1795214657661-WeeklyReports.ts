import { MigrationInterface, QueryRunner } from 'typeorm';

export class WeeklyReports1795214657661 implements MigrationInterface {
  name = 'WeeklyReports1795214657661';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "weekly_report_obligations" ("id" SERIAL NOT NULL, "name" text NOT NULL, "round_id" integer NOT NULL, "unit_ids" integer array NOT NULL, "start_date" date NOT NULL, "end_date" date, "due_time" text NOT NULL DEFAULT '24:00', "active" boolean NOT NULL DEFAULT true, "created_by_id" integer NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_022c91a3eb4eb7bf9a210001a6e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."weekly_report_status" AS ENUM('ON_TIME', 'LATE', 'MISSING')`,
    );
    await queryRunner.query(
      `CREATE TABLE "weekly_reports" ("id" SERIAL NOT NULL, "obligation_id" integer NOT NULL, "unit_id" integer NOT NULL, "iso_year" smallint NOT NULL, "iso_week" smallint NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" "public"."weekly_report_status" NOT NULL, "none_found" boolean NOT NULL DEFAULT false, "item_count" smallint NOT NULL DEFAULT '0', "current_version" smallint NOT NULL DEFAULT '0', "first_submitted_at" TIMESTAMP WITH TIME ZONE, "last_submitted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_1a8cd4b8d43d7a359597b75f792" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6c9e6be5cfa474e09abcd201e9" ON "weekly_reports"  ("unit_id", "iso_year", "iso_week") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_a4f5c451691d8840e3a7ed3aba" ON "weekly_reports"  ("obligation_id", "unit_id", "iso_year", "iso_week") `,
    );
    await queryRunner.query(
      `CREATE TABLE "weekly_report_versions" ("id" SERIAL NOT NULL, "report_id" integer NOT NULL, "version" smallint NOT NULL, "none_found" boolean NOT NULL, "statement" text, "items" jsonb NOT NULL, "late" boolean NOT NULL, "submitted_by_id" integer NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc0734c2e6f56dd74b91c7ae7ab" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_9bd6bd81961afa815b14843bab" ON "weekly_report_versions"  ("report_id", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "job_claims" ("job" text NOT NULL, "period" text NOT NULL, "claimed_by" text NOT NULL, "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a37cfa7ed8bc45a5e792ab69d22" PRIMARY KEY ("job", "period"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "weekly_report_obligations" ADD CONSTRAINT "FK_7878c47494e7a7fb5f4b0ff6566" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "weekly_reports" ADD CONSTRAINT "FK_b20ef47d3d59e81366f9a3ff6d2" FOREIGN KEY ("obligation_id") REFERENCES "weekly_report_obligations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "weekly_reports" ADD CONSTRAINT "FK_a6b679474a960ee034c7bd6aa18" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "weekly_report_versions" ADD CONSTRAINT "FK_abf695b912c4b837edc42f9e036" FOREIGN KEY ("report_id") REFERENCES "weekly_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // --- written by hand: records are never deleted ---
    for (const table of [
      'weekly_report_obligations',
      'weekly_reports',
      'weekly_report_versions',
      'job_claims',
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION rectify_refuse_change()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'weekly_report_obligations',
      'weekly_reports',
      'weekly_report_versions',
      'job_claims',
    ]) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_delete ON "${table}"`);
    }
    await queryRunner.query(
      `ALTER TABLE "weekly_report_versions" DROP CONSTRAINT "FK_abf695b912c4b837edc42f9e036"`,
    );
    await queryRunner.query(`ALTER TABLE "weekly_reports" DROP CONSTRAINT "FK_a6b679474a960ee034c7bd6aa18"`);
    await queryRunner.query(`ALTER TABLE "weekly_reports" DROP CONSTRAINT "FK_b20ef47d3d59e81366f9a3ff6d2"`);
    await queryRunner.query(
      `ALTER TABLE "weekly_report_obligations" DROP CONSTRAINT "FK_7878c47494e7a7fb5f4b0ff6566"`,
    );
    await queryRunner.query(`DROP TABLE "job_claims"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9bd6bd81961afa815b14843bab"`);
    await queryRunner.query(`DROP TABLE "weekly_report_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a4f5c451691d8840e3a7ed3aba"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6c9e6be5cfa474e09abcd201e9"`);
    await queryRunner.query(`DROP TABLE "weekly_reports"`);
    await queryRunner.query(`DROP TYPE "public"."weekly_report_status"`);
    await queryRunner.query(`DROP TABLE "weekly_report_obligations"`);
  }
}
