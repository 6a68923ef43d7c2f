import { MigrationInterface, QueryRunner } from 'typeorm';

/** The statutory 隐患排查治理 statistics (issue 17 part 2): reports per unit and period, and their locked versions. */
export class StatutoryReports1796360000000 implements MigrationInterface {
  name = 'StatutoryReports1796360000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "statutory_reports" ("id" SERIAL NOT NULL, "unit_id" integer NOT NULL, "period" text NOT NULL, "status" text NOT NULL, "locked_versions" integer NOT NULL DEFAULT '0', "adjustments" jsonb NOT NULL DEFAULT '[]', "adjustment_reason" text, "analysis" text NOT NULL, "correction_reason" text, "prepared_by_id" integer NOT NULL, "checked_by_id" integer, "checked_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_69c1a4a1f4d6663e13390a93d7a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ddf8bc4a908ce1f841b6fa29ab" ON "statutory_reports"  ("period") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_aac5a97c2989195b5f5b3b7d2d" ON "statutory_reports"  ("unit_id", "period") `,
    );
    await queryRunner.query(
      `CREATE TABLE "statutory_report_versions" ("id" SERIAL NOT NULL, "report_id" integer NOT NULL, "version_no" integer NOT NULL, "table" jsonb NOT NULL, "analysis" text NOT NULL, "principal_name" text NOT NULL, "signed_on" date NOT NULL, "preparer_name" text NOT NULL, "phone" text, "correction_reason" text, "locked_by_id" integer NOT NULL, "locked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "change_log_seq" bigint NOT NULL, "change_log_hash" text NOT NULL, CONSTRAINT "PK_8d2699e71918cd472891945a4f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_39fb04a9e11fbb95f5f86fb779" ON "statutory_report_versions"  ("report_id", "version_no") `,
    );
    await queryRunner.query(
      `ALTER TABLE "statutory_reports" ADD CONSTRAINT "FK_27200aca89d3cad66cad3498421" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "statutory_report_versions" ADD CONSTRAINT "FK_cc2b686033951147f0ecd1fd5a1" FOREIGN KEY ("report_id") REFERENCES "statutory_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "statutory_report_versions" DROP CONSTRAINT "FK_cc2b686033951147f0ecd1fd5a1"`,
    );
    await queryRunner.query(
      `ALTER TABLE "statutory_reports" DROP CONSTRAINT "FK_27200aca89d3cad66cad3498421"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_39fb04a9e11fbb95f5f86fb779"`);
    await queryRunner.query(`DROP TABLE "statutory_report_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aac5a97c2989195b5f5b3b7d2d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ddf8bc4a908ce1f841b6fa29ab"`);
    await queryRunner.query(`DROP TABLE "statutory_reports"`);
  }
}
