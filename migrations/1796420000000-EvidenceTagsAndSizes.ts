import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, photos: the 复查 (REVIEW) tag for the supervision group's own photos, and the smaller copies of evidence
 * photos (evidence_renditions: thumb, medium).
 *
 * Existing evidence keeps its tag (整改前 / 整改后 / 文件资料 were already chosen on upload), except the group's
 * re-inspection photos, which could only be tagged 整改后 before: an 整改后 file uploaded by the verifier of a
 * verification of the same finding and cited by that verification becomes 复查. Copies of existing photos are
 * made on their first request (EvidenceService.serve), not here.
 */
export class EvidenceTagsAndSizes1796420000000 implements MigrationInterface {
  name = 'EvidenceTagsAndSizes1796420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A new enum type rather than ADD VALUE: a value added by ADD VALUE cannot be used in the same transaction.
    await queryRunner.query(`ALTER TYPE "public"."evidence_kind" RENAME TO "evidence_kind_old"`);
    await queryRunner.query(
      `CREATE TYPE "public"."evidence_kind" AS ENUM('BEFORE', 'AFTER', 'REVIEW', 'DOCUMENT')`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_files" ALTER COLUMN "kind" TYPE "public"."evidence_kind" USING "kind"::"text"::"public"."evidence_kind"`,
    );
    await queryRunner.query(`DROP TYPE "public"."evidence_kind_old"`);
    await queryRunner.query(
      `UPDATE "evidence_files" e SET "kind" = 'REVIEW'
        WHERE e."kind" = 'AFTER'
          AND EXISTS (SELECT 1 FROM "verifications" v
                       WHERE v."finding_id" = e."finding_id" AND v."verifier_id" = e."uploaded_by_id"
                         AND e."id" = ANY (v."evidence_ids"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "evidence_renditions" ("id" SERIAL NOT NULL, "evidence_id" integer NOT NULL, "size" text NOT NULL, "mime_type" text NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "size_bytes" integer NOT NULL, "content" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2bd71f30924c9f61acfbc1be422" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_952ffe34bb33f370410faa1993" ON "evidence_renditions"  ("evidence_id", "size") `,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_renditions" ADD CONSTRAINT "FK_a1ddb7f78b1bc884eb49d31e5d8" FOREIGN KEY ("evidence_id") REFERENCES "evidence_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "evidence_renditions" DROP CONSTRAINT "FK_a1ddb7f78b1bc884eb49d31e5d8"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_952ffe34bb33f370410faa1993"`);
    await queryRunner.query(`DROP TABLE "evidence_renditions"`);
    await queryRunner.query(`UPDATE "evidence_files" SET "kind" = 'AFTER' WHERE "kind" = 'REVIEW'`);
    await queryRunner.query(
      `CREATE TYPE "public"."evidence_kind_old" AS ENUM('BEFORE', 'AFTER', 'DOCUMENT')`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_files" ALTER COLUMN "kind" TYPE "public"."evidence_kind_old" USING "kind"::"text"::"public"."evidence_kind_old"`,
    );
    await queryRunner.query(`DROP TYPE "public"."evidence_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."evidence_kind_old" RENAME TO "evidence_kind"`);
  }
}
