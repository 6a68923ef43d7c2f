import { MigrationInterface, QueryRunner } from 'typeorm';

/** 重大隐患挂牌督办 (issue 21): listings, their extension requests and the 文号 counter. */
export class MajorHazardSupervision1796400000000 implements MigrationInterface {
  name = 'MajorHazardSupervision1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."supervision_level" AS ENUM('GROUP', 'COMPANY', 'SECOND_LEVEL')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."listing_status" AS ENUM('LISTED', 'SERVED', 'SIGNED', 'ACCEPTANCE_REQUESTED', 'ACCEPTED', 'DELISTED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "supervision_listings" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "doc_number" text NOT NULL, "level" "public"."supervision_level" NOT NULL, "supervising_unit" text NOT NULL, "requirements" text NOT NULL, "deadline" date NOT NULL, "original_deadline" date NOT NULL, "status" "public"."listing_status" NOT NULL DEFAULT 'LISTED', "public_notice" boolean NOT NULL DEFAULT false, "listed_by_id" integer NOT NULL, "listed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "served_by_id" integer, "served_to" text, "served_at" TIMESTAMP WITH TIME ZONE, "signed_by_id" integer, "signed_by_name" text, "signed_at" TIMESTAMP WITH TIME ZONE, "acceptance_requested_by_id" integer, "acceptance_requested_at" TIMESTAMP WITH TIME ZONE, "acceptance_request_note" text, "acceptance_evidence_ids" integer array NOT NULL DEFAULT '{}', "acceptance_due_on" date, "accepted_by_id" integer, "accepted_on" date, "acceptance_opinion" text, "failed_acceptances" integer NOT NULL DEFAULT '0', "delisted_by_id" integer, "delisted_at" TIMESTAMP WITH TIME ZONE, "delist_note" text, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7ba53159d1afe0eddc3d0c313a7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_5e1d8f20bf370a69c4ab33b7fd" ON "supervision_listings"  ("doc_number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_supervision_listing_open" ON "supervision_listings"  ("finding_id") WHERE "status" <> 'DELISTED'`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."listing_extension_status" AS ENUM('PENDING', 'APPROVED', 'REFUSED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "supervision_extensions" ("id" SERIAL NOT NULL, "listing_id" integer NOT NULL, "reason" text NOT NULL, "previous_deadline" date NOT NULL, "requested_deadline" date NOT NULL, "status" "public"."listing_extension_status" NOT NULL DEFAULT 'PENDING', "requested_by_id" integer NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by_id" integer, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, CONSTRAINT "PK_c4c8335199c980a2ebf5fc8648c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_31e6d1883a2f827708c458f786" ON "supervision_extensions"  ("listing_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "supervision_doc_counters" ("year" integer NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "PK_23e8df7264087b056a7d4901914" PRIMARY KEY ("year"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_listings" ADD CONSTRAINT "FK_03a22532748e6b28f668ab58628" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_extensions" ADD CONSTRAINT "FK_31e6d1883a2f827708c458f786f" FOREIGN KEY ("listing_id") REFERENCES "supervision_listings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "supervision_extensions" DROP CONSTRAINT "FK_31e6d1883a2f827708c458f786f"`,
    );
    await queryRunner.query(
      `ALTER TABLE "supervision_listings" DROP CONSTRAINT "FK_03a22532748e6b28f668ab58628"`,
    );
    await queryRunner.query(`DROP TABLE "supervision_doc_counters"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_31e6d1883a2f827708c458f786"`);
    await queryRunner.query(`DROP TABLE "supervision_extensions"`);
    await queryRunner.query(`DROP TYPE "public"."listing_extension_status"`);
    await queryRunner.query(`DROP INDEX "public"."uq_supervision_listing_open"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5e1d8f20bf370a69c4ab33b7fd"`);
    await queryRunner.query(`DROP TABLE "supervision_listings"`);
    await queryRunner.query(`DROP TYPE "public"."listing_status"`);
    await queryRunner.query(`DROP TYPE "public"."supervision_level"`);
  }
}
