import { MigrationInterface, QueryRunner } from 'typeorm';

export class CloseoutAssessments1795214226607 implements MigrationInterface {
  name = 'CloseoutAssessments1795214226607';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."assessment_reason" AS ENUM('LATE_RECTIFICATION', 'FAILED_VERIFICATION', 'RECURRENCE', 'COMPANY_FOUND_SIMILAR', 'MISSING_WEEKLY_REPORT', 'LATE_WEEKLY_REPORT', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "assessments" ("id" SERIAL NOT NULL, "unit_id" integer NOT NULL, "person_names" text array NOT NULL DEFAULT '{}', "reason" "public"."assessment_reason" NOT NULL, "points" integer, "amount_yuan" integer, "text" text NOT NULL, "source_type" text, "source_id" integer, "finding_id" integer, "assessed_on" date NOT NULL, "created_by_id" integer, "notice_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3442bd80a00e9111cefca57f6c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9e526eca51539a62d34aa9ed1a" ON "assessments"  ("unit_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_a67a907091f3611adc1bd0282c" ON "assessments"  ("finding_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ac8c4d507a507e88a61a224924" ON "assessments"  ("notice_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_assessment_per_cause" ON "assessments"  ("reason", "source_type", "source_id", "unit_id") WHERE "source_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "notices" ("id" SERIAL NOT NULL, "title" text NOT NULL, "document_number" text, "body" text NOT NULL, "status" text NOT NULL DEFAULT 'DRAFT', "published_on" date, "created_by_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3eb18c29da25d6935fcbe584237" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "verifications" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "result" text NOT NULL, "verified_on" date NOT NULL, "notes" text NOT NULL, "evidence_ids" integer array NOT NULL DEFAULT '{}', "verifier_id" integer NOT NULL, "verifier_unit_id" integer, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2127ad1b143cf012280390b01d1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_b30303ea0975b63d346b33abd6" ON "verifications"  ("finding_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sweep_records" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "checked_unit_ids" integer array NOT NULL, "checked_by" text NOT NULL, "result" text NOT NULL, "similar_finding_ids" integer array NOT NULL DEFAULT '{}', "notes" text, "swept_on" date NOT NULL, "recorded_by_id" integer NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e3e479e454b387afe4d7f81f643" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_9bdfebcf4bb822ac27e68a0ec3" ON "sweep_records"  ("finding_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "mechanism_records" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "kind" text NOT NULL, "title" text NOT NULL, "document_number" text, "effective_date" date, "attachment_evidence_id" integer, "recorded_by_id" integer NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2837a67a4a8728bb8092aef7a26" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a94ad90f75c9672477d6710123" ON "mechanism_records"  ("finding_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."accountability_action" AS ENUM('CRITICISM', 'NOTICE_CRITICISM', 'ECONOMIC', 'WARNING', 'DEMERIT', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "accountability_records" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "kind" text NOT NULL, "person_name" text, "unit_id" integer, "action" "public"."accountability_action", "amount_yuan" integer, "details" text, "decided_by" text NOT NULL, "decided_on" date NOT NULL, "recorded_by_id" integer NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4c8b401c972984a9f33a551d2aa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fb69368a0a16adf541bfaf3fa1" ON "accountability_records"  ("finding_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "satisfaction_confirmations" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "representatives" text NOT NULL, "confirmed_on" date NOT NULL, "satisfied" boolean NOT NULL, "comments" text, "recorded_by_id" integer NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d2437d50135bb27274dc14751b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_fb0fadb9c548d1385857da6288" ON "satisfaction_confirmations"  ("finding_id") `,
    );
    await queryRunner.query(`ALTER TABLE "findings" ADD "description_bigrams" text`);
    await queryRunner.query(
      `ALTER TABLE "assessments" ADD CONSTRAINT "FK_9e526eca51539a62d34aa9ed1a9" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "verifications" ADD CONSTRAINT "FK_b30303ea0975b63d346b33abd62" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sweep_records" ADD CONSTRAINT "FK_9bdfebcf4bb822ac27e68a0ec32" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mechanism_records" ADD CONSTRAINT "FK_a94ad90f75c9672477d67101236" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "accountability_records" ADD CONSTRAINT "FK_fb69368a0a16adf541bfaf3fa12" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "satisfaction_confirmations" ADD CONSTRAINT "FK_fb0fadb9c548d1385857da6288b" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // --- written by hand: Chinese similarity (see src/closeout/similarity.ts) ---
    // Character bigrams of the text without spaces and punctuation: '皮带廊积尘' → '皮带 带廊 廊积 积尘'.
    await queryRunner.query(`CREATE FUNCTION rectify_bigrams(t text) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
      SELECT coalesce(string_agg(substr(c, i, 2), ' ' ORDER BY i), '')
        FROM (SELECT regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]，。、；：“”‘’（）！？《》【】·—…]+', '', 'g') AS c) s,
             generate_series(1, greatest(length(c) - 1, 1)) AS i $$`);
    await queryRunner.query(`CREATE FUNCTION rectify_findings_bigrams() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.description_bigrams := rectify_bigrams(NEW.description); RETURN NEW; END $$`);
    await queryRunner.query(
      `CREATE TRIGGER findings_bigrams BEFORE INSERT OR UPDATE OF description ON "findings" FOR EACH ROW EXECUTE FUNCTION rectify_findings_bigrams()`,
    );
    await queryRunner.query(`UPDATE "findings" SET "description_bigrams" = rectify_bigrams("description")`);
    await queryRunner.query(
      `CREATE INDEX "idx_findings_description_bigrams" ON "findings" USING gin ("description_bigrams" gin_trgm_ops)`,
    );
    for (const table of [
      'verifications',
      'sweep_records',
      'mechanism_records',
      'accountability_records',
      'satisfaction_confirmations',
      'assessments',
      'notices',
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION rectify_refuse_change()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'verifications',
      'sweep_records',
      'mechanism_records',
      'accountability_records',
      'satisfaction_confirmations',
      'assessments',
      'notices',
    ]) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_delete ON "${table}"`);
    }
    await queryRunner.query(`DROP INDEX "idx_findings_description_bigrams"`);
    await queryRunner.query(`DROP TRIGGER findings_bigrams ON "findings"`);
    await queryRunner.query(`DROP FUNCTION rectify_findings_bigrams()`);
    await queryRunner.query(`DROP FUNCTION rectify_bigrams(text)`);
    await queryRunner.query(
      `ALTER TABLE "satisfaction_confirmations" DROP CONSTRAINT "FK_fb0fadb9c548d1385857da6288b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "accountability_records" DROP CONSTRAINT "FK_fb69368a0a16adf541bfaf3fa12"`,
    );
    await queryRunner.query(
      `ALTER TABLE "mechanism_records" DROP CONSTRAINT "FK_a94ad90f75c9672477d67101236"`,
    );
    await queryRunner.query(`ALTER TABLE "sweep_records" DROP CONSTRAINT "FK_9bdfebcf4bb822ac27e68a0ec32"`);
    await queryRunner.query(`ALTER TABLE "verifications" DROP CONSTRAINT "FK_b30303ea0975b63d346b33abd62"`);
    await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "FK_9e526eca51539a62d34aa9ed1a9"`);
    await queryRunner.query(`ALTER TABLE "findings" DROP COLUMN "description_bigrams"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fb0fadb9c548d1385857da6288"`);
    await queryRunner.query(`DROP TABLE "satisfaction_confirmations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fb69368a0a16adf541bfaf3fa1"`);
    await queryRunner.query(`DROP TABLE "accountability_records"`);
    await queryRunner.query(`DROP TYPE "public"."accountability_action"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a94ad90f75c9672477d6710123"`);
    await queryRunner.query(`DROP TABLE "mechanism_records"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9bdfebcf4bb822ac27e68a0ec3"`);
    await queryRunner.query(`DROP TABLE "sweep_records"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b30303ea0975b63d346b33abd6"`);
    await queryRunner.query(`DROP TABLE "verifications"`);
    await queryRunner.query(`DROP TABLE "notices"`);
    await queryRunner.query(`DROP INDEX "public"."uq_assessment_per_cause"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ac8c4d507a507e88a61a224924"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a67a907091f3611adc1bd0282c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9e526eca51539a62d34aa9ed1a"`);
    await queryRunner.query(`DROP TABLE "assessments"`);
    await queryRunner.query(`DROP TYPE "public"."assessment_reason"`);
  }
}
