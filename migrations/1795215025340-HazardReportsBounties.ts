import { MigrationInterface, QueryRunner } from 'typeorm';

export class HazardReportsBounties1795215025340 implements MigrationInterface {
  name = 'HazardReportsBounties1795215025340';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."hazard_report_status" AS ENUM('SUBMITTED', 'VALID', 'INVALID', 'DUPLICATE')`,
    );
    await queryRunner.query(
      `CREATE TABLE "hazard_reports" ("id" SERIAL NOT NULL, "reporter_id" integer NOT NULL, "on_behalf_of_unit_id" integer, "hide_identity" boolean NOT NULL DEFAULT false, "hazard_unit_id" integer NOT NULL, "location" text NOT NULL, "description" text NOT NULL, "status" "public"."hazard_report_status" NOT NULL DEFAULT 'SUBMITTED', "level" "public"."hazard_level", "triage_note" text, "finding_id" integer, "duplicate_of_report_id" integer, "triaged_by_id" integer, "triaged_at" TIMESTAMP WITH TIME ZONE, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_7187781f21c60b5dcae3eede53e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8636cd55b80ca7217775069717" ON "hazard_reports"  ("reporter_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_cda94eb5a749e9ce81e4646a78" ON "hazard_reports"  ("hazard_unit_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "hazard_report_photos" ("id" SERIAL NOT NULL, "report_id" integer NOT NULL, "file_name" text NOT NULL, "mime_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_92c08313955b175f503499d85bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9a7e6130d11f4c0931d3dfbc7c" ON "hazard_report_photos"  ("report_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."bounty_status" AS ENUM('PROPOSED', 'APPROVED', 'REJECTED', 'PAID', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "bounties" ("id" SERIAL NOT NULL, "hazard_report_id" integer NOT NULL, "level" "public"."hazard_level" NOT NULL, "amount_yuan" integer NOT NULL, "status" "public"."bounty_status" NOT NULL DEFAULT 'PROPOSED', "proposed_by_id" integer NOT NULL, "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by_id" integer, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, "paid_on" date, "payment_ref" text, "paid_recorded_by_id" integer, "cancel_reason" text, "version" integer NOT NULL, CONSTRAINT "chk_bounty_amount_band" CHECK ("amount_yuan" BETWEEN 500 AND 2000), CONSTRAINT "PK_335c87017bcb2fa9bc15678f385" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_bounty_per_report" ON "bounties"  ("hazard_report_id") WHERE "status" NOT IN ('REJECTED', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "bounty_budgets" ("year" integer NOT NULL, "amount_yuan" integer NOT NULL, "set_by_id" integer NOT NULL, CONSTRAINT "PK_d9f5e5e63427ba6b1ac86e881b3" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "hazard_reports" ADD CONSTRAINT "FK_8636cd55b80ca72177750697171" FOREIGN KEY ("reporter_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "hazard_reports" ADD CONSTRAINT "FK_cda94eb5a749e9ce81e4646a789" FOREIGN KEY ("hazard_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "hazard_reports" ADD CONSTRAINT "FK_81ef6a510d3eb97911d619ba5e2" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "hazard_report_photos" ADD CONSTRAINT "FK_9a7e6130d11f4c0931d3dfbc7cf" FOREIGN KEY ("report_id") REFERENCES "hazard_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bounties" ADD CONSTRAINT "FK_dd476610dbfca40d9fc5cacbf50" FOREIGN KEY ("hazard_report_id") REFERENCES "hazard_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // --- written by hand: records are never deleted ---
    for (const table of ['hazard_reports', 'hazard_report_photos', 'bounties', 'bounty_budgets']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION rectify_refuse_change()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['hazard_reports', 'hazard_report_photos', 'bounties', 'bounty_budgets']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_delete ON "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "bounties" DROP CONSTRAINT "FK_dd476610dbfca40d9fc5cacbf50"`);
    await queryRunner.query(
      `ALTER TABLE "hazard_report_photos" DROP CONSTRAINT "FK_9a7e6130d11f4c0931d3dfbc7cf"`,
    );
    await queryRunner.query(`ALTER TABLE "hazard_reports" DROP CONSTRAINT "FK_81ef6a510d3eb97911d619ba5e2"`);
    await queryRunner.query(`ALTER TABLE "hazard_reports" DROP CONSTRAINT "FK_cda94eb5a749e9ce81e4646a789"`);
    await queryRunner.query(`ALTER TABLE "hazard_reports" DROP CONSTRAINT "FK_8636cd55b80ca72177750697171"`);
    await queryRunner.query(`DROP TABLE "bounty_budgets"`);
    await queryRunner.query(`DROP INDEX "public"."uq_bounty_per_report"`);
    await queryRunner.query(`DROP TABLE "bounties"`);
    await queryRunner.query(`DROP TYPE "public"."bounty_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9a7e6130d11f4c0931d3dfbc7c"`);
    await queryRunner.query(`DROP TABLE "hazard_report_photos"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cda94eb5a749e9ce81e4646a78"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8636cd55b80ca7217775069717"`);
    await queryRunner.query(`DROP TABLE "hazard_reports"`);
    await queryRunner.query(`DROP TYPE "public"."hazard_report_status"`);
  }
}
