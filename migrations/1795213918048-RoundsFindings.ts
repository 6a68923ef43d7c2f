import { MigrationInterface, QueryRunner } from 'typeorm';

export class RoundsFindings1795213918048 implements MigrationInterface {
  name = 'RoundsFindings1795213918048';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."round_kind" AS ENUM('AUDIT', 'LOOK_BACK', 'COMPANY_CHECK', 'SPECIAL')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."audit_domain" AS ENUM('SAFETY', 'ENVIRONMENT')`);
    await queryRunner.query(`CREATE TYPE "public"."round_status" AS ENUM('PLANNED', 'RECTIFYING', 'CLOSED')`);
    await queryRunner.query(
      `CREATE TABLE "rounds" ("id" SERIAL NOT NULL, "name" text NOT NULL, "kind" "public"."round_kind" NOT NULL, "domain" "public"."audit_domain" NOT NULL, "company_unit_id" integer NOT NULL, "audit_team" text NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "report_ref" text, "original_round_id" integer, "plan_meeting_date" date, "supervision_group_id" integer, "status" "public"."round_status" NOT NULL DEFAULT 'PLANNED', "closed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9d254884a20817016e2f877c7e7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_45a1e4eb78b3b0d2a389b35754" ON "rounds"  ("company_unit_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."hazard_level" AS ENUM('GENERAL', 'SERIOUS', 'MAJOR')`);
    await queryRunner.query(
      `CREATE TYPE "public"."finding_category" AS ENUM('UNSAFE_ACT', 'UNSAFE_CONDITION', 'MANAGEMENT', 'ENVIRONMENTAL')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."finding_source" AS ENUM('AUDIT_TEAM', 'COMPANY_CHECK', 'SELF_CHECK', 'HAZARD_REPORT')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."finding_status" AS ENUM('ASSIGNED', 'RECTIFYING', 'PENDING_VERIFICATION', 'VERIFIED', 'CLOSED', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "findings" ("id" SERIAL NOT NULL, "code" text NOT NULL, "round_id" integer NOT NULL, "unit_id" integer NOT NULL, "description" text NOT NULL, "location" text NOT NULL, "level" "public"."hazard_level" NOT NULL, "category" "public"."finding_category" NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "source" "public"."finding_source" NOT NULL, "found_date" date NOT NULL, "found_by" text NOT NULL, "deadline" date NOT NULL, "responsible_person" text NOT NULL, "responsible_leader" text, "status" "public"."finding_status" NOT NULL DEFAULT 'ASSIGNED', "recurrence_of_id" integer, "cancel_reason" text, "closed_at" TIMESTAMP WITH TIME ZONE, "return_reason" text, "created_by_id" integer NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ae9807d6293c23c13ff8804d09c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b7a70c1a32f4713961b9d20037" ON "findings"  ("code") `);
    await queryRunner.query(
      `CREATE INDEX "idx_findings_status_deadline" ON "findings"  ("status", "deadline") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_findings_round_status" ON "findings"  ("round_id", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_findings_unit_status_deadline" ON "findings"  ("unit_id", "status", "deadline") `,
    );
    await queryRunner.query(
      `CREATE TABLE "finding_similar_links" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "similar_to_id" integer NOT NULL, "linked_by_id" integer NOT NULL, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_692360f652824a53f43a5e0d234" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ef0f3cf79aca75a98951c0b722" ON "finding_similar_links"  ("similar_to_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_8f8e5db43db3281097cf08a481" ON "finding_similar_links"  ("finding_id", "similar_to_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "finding_code_counters" ("prefix" text NOT NULL, "last" integer NOT NULL, CONSTRAINT "PK_4fae4115fd004e799822f5df807" PRIMARY KEY ("prefix"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "rectification_plans" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "revision" integer NOT NULL, "on_the_spot" boolean NOT NULL DEFAULT false, "on_the_spot_evidence_ids" integer array NOT NULL DEFAULT '{}', "measures" text, "responsible_person" text, "funds_amount" bigint, "funds_source" text, "funds_zero_reason" text, "deadline" date, "contingency_plan" text, "interim_controls" text, "stop_production" boolean, "stop_production_scope" text, "submitted_by_id" integer NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "confirmed_by_id" integer, "confirmed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_86ea7725d3692119178763f325d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_41ea71deb0e6f7201a50805e57" ON "rectification_plans"  ("finding_id", "revision") `,
    );
    await queryRunner.query(
      `CREATE TABLE "progress_notes" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "note" text NOT NULL, "percent" smallint, "author_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f92c53aa1104385e50786cf15a9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a70085bb47bb4cf5b7859029dd" ON "progress_notes"  ("finding_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "rectification_summaries" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "what_was_done" text NOT NULL, "root_cause" text NOT NULL, "evidence_ids" integer array NOT NULL DEFAULT '{}', "late" boolean NOT NULL, "deadline_at_submission" date NOT NULL, "submitted_by_id" integer NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d346c637cd9d82683e824c13c64" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8de63fb987ae52d8f74ef46f8a" ON "rectification_summaries"  ("finding_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."evidence_kind" AS ENUM('BEFORE', 'AFTER', 'DOCUMENT')`);
    await queryRunner.query(
      `CREATE TABLE "evidence_files" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "kind" "public"."evidence_kind" NOT NULL, "file_name" text NOT NULL, "mime_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "caption" text, "uploaded_by_id" integer NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f8d1a9a8e0430b749e2f4694460" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4ff495e3c42dad45525f01e879" ON "evidence_files"  ("finding_id") `,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."extension_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "deadline_extensions" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "previous_deadline" date NOT NULL, "requested_deadline" date NOT NULL, "reason" text NOT NULL, "status" "public"."extension_status" NOT NULL DEFAULT 'PENDING', "requested_by_id" integer NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by_id" integer, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, CONSTRAINT "PK_7f77bdaaa612f494d52177c7b59" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_a5537827372d03022a397bcae0" ON "deadline_extensions"  ("finding_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "finding_imports" ("id" SERIAL NOT NULL, "round_id" integer NOT NULL, "file_sha256" character(64) NOT NULL, "file_name" text NOT NULL, "row_count" integer NOT NULL, "imported_by_id" integer NOT NULL, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_876c7cec8e941afe9ca146d08b0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_f0b821a287534991162ca8cde1" ON "finding_imports"  ("file_sha256") `,
    );
    await queryRunner.query(
      `ALTER TABLE "rounds" ADD CONSTRAINT "FK_45a1e4eb78b3b0d2a389b357546" FOREIGN KEY ("company_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rounds" ADD CONSTRAINT "FK_c9ecc582d38b0a942fea20a2860" FOREIGN KEY ("original_round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rounds" ADD CONSTRAINT "FK_2f70b82729ded0590e2dfc5df8a" FOREIGN KEY ("supervision_group_id") REFERENCES "supervision_groups"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "findings" ADD CONSTRAINT "FK_28dd5758c6417df385275ae3782" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "findings" ADD CONSTRAINT "FK_f0abec387bebf179514cdb3c69f" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "findings" ADD CONSTRAINT "FK_ac802b335e8535ba3bd56c9ef91" FOREIGN KEY ("recurrence_of_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding_similar_links" ADD CONSTRAINT "FK_28b300ed6808e40adab853348a7" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding_similar_links" ADD CONSTRAINT "FK_ef0f3cf79aca75a98951c0b7224" FOREIGN KEY ("similar_to_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rectification_plans" ADD CONSTRAINT "FK_dbbb40ea26ce451ffd2fb0e7fe3" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "progress_notes" ADD CONSTRAINT "FK_a70085bb47bb4cf5b7859029dd2" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rectification_summaries" ADD CONSTRAINT "FK_8de63fb987ae52d8f74ef46f8ad" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_files" ADD CONSTRAINT "FK_4ff495e3c42dad45525f01e8790" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_extensions" ADD CONSTRAINT "FK_a5537827372d03022a397bcae0f" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // --- written by hand ---
    await queryRunner.query(
      `CREATE INDEX "idx_findings_description_trgm" ON "findings" USING gin ("description" gin_trgm_ops)`,
    );
    for (const table of [
      'rounds',
      'findings',
      'finding_similar_links',
      'rectification_plans',
      'progress_notes',
      'rectification_summaries',
      'evidence_files',
      'deadline_extensions',
      'finding_imports',
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION rectify_refuse_change()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'rounds',
      'findings',
      'finding_similar_links',
      'rectification_plans',
      'progress_notes',
      'rectification_summaries',
      'evidence_files',
      'deadline_extensions',
      'finding_imports',
    ]) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_delete ON "${table}"`);
    }
    await queryRunner.query(`DROP INDEX "idx_findings_description_trgm"`);
    await queryRunner.query(
      `ALTER TABLE "deadline_extensions" DROP CONSTRAINT "FK_a5537827372d03022a397bcae0f"`,
    );
    await queryRunner.query(`ALTER TABLE "evidence_files" DROP CONSTRAINT "FK_4ff495e3c42dad45525f01e8790"`);
    await queryRunner.query(
      `ALTER TABLE "rectification_summaries" DROP CONSTRAINT "FK_8de63fb987ae52d8f74ef46f8ad"`,
    );
    await queryRunner.query(`ALTER TABLE "progress_notes" DROP CONSTRAINT "FK_a70085bb47bb4cf5b7859029dd2"`);
    await queryRunner.query(
      `ALTER TABLE "rectification_plans" DROP CONSTRAINT "FK_dbbb40ea26ce451ffd2fb0e7fe3"`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding_similar_links" DROP CONSTRAINT "FK_ef0f3cf79aca75a98951c0b7224"`,
    );
    await queryRunner.query(
      `ALTER TABLE "finding_similar_links" DROP CONSTRAINT "FK_28b300ed6808e40adab853348a7"`,
    );
    await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "FK_ac802b335e8535ba3bd56c9ef91"`);
    await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "FK_f0abec387bebf179514cdb3c69f"`);
    await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "FK_28dd5758c6417df385275ae3782"`);
    await queryRunner.query(`ALTER TABLE "rounds" DROP CONSTRAINT "FK_2f70b82729ded0590e2dfc5df8a"`);
    await queryRunner.query(`ALTER TABLE "rounds" DROP CONSTRAINT "FK_c9ecc582d38b0a942fea20a2860"`);
    await queryRunner.query(`ALTER TABLE "rounds" DROP CONSTRAINT "FK_45a1e4eb78b3b0d2a389b357546"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f0b821a287534991162ca8cde1"`);
    await queryRunner.query(`DROP TABLE "finding_imports"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a5537827372d03022a397bcae0"`);
    await queryRunner.query(`DROP TABLE "deadline_extensions"`);
    await queryRunner.query(`DROP TYPE "public"."extension_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4ff495e3c42dad45525f01e879"`);
    await queryRunner.query(`DROP TABLE "evidence_files"`);
    await queryRunner.query(`DROP TYPE "public"."evidence_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8de63fb987ae52d8f74ef46f8a"`);
    await queryRunner.query(`DROP TABLE "rectification_summaries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a70085bb47bb4cf5b7859029dd"`);
    await queryRunner.query(`DROP TABLE "progress_notes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_41ea71deb0e6f7201a50805e57"`);
    await queryRunner.query(`DROP TABLE "rectification_plans"`);
    await queryRunner.query(`DROP TABLE "finding_code_counters"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8f8e5db43db3281097cf08a481"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ef0f3cf79aca75a98951c0b722"`);
    await queryRunner.query(`DROP TABLE "finding_similar_links"`);
    await queryRunner.query(`DROP INDEX "public"."idx_findings_unit_status_deadline"`);
    await queryRunner.query(`DROP INDEX "public"."idx_findings_round_status"`);
    await queryRunner.query(`DROP INDEX "public"."idx_findings_status_deadline"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b7a70c1a32f4713961b9d20037"`);
    await queryRunner.query(`DROP TABLE "findings"`);
    await queryRunner.query(`DROP TYPE "public"."finding_status"`);
    await queryRunner.query(`DROP TYPE "public"."finding_source"`);
    await queryRunner.query(`DROP TYPE "public"."finding_category"`);
    await queryRunner.query(`DROP TYPE "public"."hazard_level"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_45a1e4eb78b3b0d2a389b35754"`);
    await queryRunner.query(`DROP TABLE "rounds"`);
    await queryRunner.query(`DROP TYPE "public"."round_status"`);
    await queryRunner.query(`DROP TYPE "public"."audit_domain"`);
    await queryRunner.query(`DROP TYPE "public"."round_kind"`);
  }
}
