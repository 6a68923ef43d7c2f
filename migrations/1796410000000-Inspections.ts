import { MigrationInterface, QueryRunner } from 'typeorm';

export class Inspections1796410000000 implements MigrationInterface {
  name = 'Inspections1796410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."hazard_source_kind" AS ENUM('GAS', 'AMMONIA', 'MOLTEN_METAL', 'DUST', 'CONFINED_SPACE', 'CHEMICAL_TANK', 'HIGH_VOLTAGE', 'TAILINGS', 'LIFTING')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."risk_grade" AS ENUM('RED', 'ORANGE', 'YELLOW', 'BLUE')`);
    await queryRunner.query(
      `CREATE TYPE "public"."hazard_source_status" AS ENUM('ACTIVE', 'DECOMMISSIONED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "hazard_sources" ("id" SERIAL NOT NULL, "unit_id" integer NOT NULL, "name" text NOT NULL, "location" text NOT NULL, "kind" "public"."hazard_source_kind" NOT NULL, "grade" "public"."risk_grade" NOT NULL, "hazards" text NOT NULL DEFAULT '', "controls" text NOT NULL DEFAULT '', "emergency_measures" text NOT NULL DEFAULT '', "responsible" jsonb NOT NULL DEFAULT '[]', "documents" jsonb NOT NULL DEFAULT '[]', "supplies" jsonb NOT NULL DEFAULT '[]', "drills" jsonb NOT NULL DEFAULT '[]', "closed_gaps" jsonb NOT NULL DEFAULT '[]', "status" "public"."hazard_source_status" NOT NULL DEFAULT 'ACTIVE', "created_by_id" integer NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3aa95f8d434e9ab2524f4dd06b1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_96538df396222accd411f5261f" ON "hazard_sources"  ("unit_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "checklist_templates" ("id" SERIAL NOT NULL, "key" text NOT NULL, "version" integer NOT NULL, "current" boolean NOT NULL DEFAULT true, "name" text NOT NULL, "kinds" "public"."hazard_source_kind" array NOT NULL DEFAULT '{}', "grades" "public"."risk_grade" array NOT NULL DEFAULT '{}', "items" jsonb NOT NULL, "frequencies" jsonb NOT NULL DEFAULT '{}', "created_by_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_checklist_template_version" UNIQUE ("key", "version"), CONSTRAINT "PK_e6d17651d110bbac45cf07e44fa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."inspection_level" AS ENUM('COMPANY', 'SECONDARY', 'WORKSHOP', 'TEAM')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."inspection_task_status" AS ENUM('OPEN', 'DONE', 'CANCELLED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "inspection_tasks" ("id" SERIAL NOT NULL, "source_id" integer NOT NULL, "unit_id" integer NOT NULL, "template_id" integer NOT NULL, "template_key" text NOT NULL, "level" "public"."inspection_level" NOT NULL, "period_key" text NOT NULL, "due_from" TIMESTAMP WITH TIME ZONE NOT NULL, "due_until" TIMESTAMP WITH TIME ZONE NOT NULL, "status" "public"."inspection_task_status" NOT NULL DEFAULT 'OPEN', "answers" jsonb NOT NULL DEFAULT '[]', "inspector_id" integer, "signature" text, "signed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_inspection_task_period" UNIQUE ("source_id", "template_key", "level", "period_key"), CONSTRAINT "PK_94c905c62571afc4b73e04204ba" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3dbb28e033e0853db78f77f371" ON "inspection_tasks"  ("source_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6321b306fb34c6d866a3fcd06c" ON "inspection_tasks"  ("unit_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_inspection_tasks_due" ON "inspection_tasks"  ("status", "due_until") `,
    );
    await queryRunner.query(
      `CREATE TABLE "inspection_photos" ("id" SERIAL NOT NULL, "task_id" integer NOT NULL, "item_no" integer NOT NULL, "kind" text NOT NULL DEFAULT 'BEFORE', "file_name" text NOT NULL, "mime_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" text NOT NULL, "content" bytea NOT NULL, "uploaded_by_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_44faef4ea0904da59d462a5ef0e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d5f00f2cee44cd488f1d78f71b" ON "inspection_photos"  ("task_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."hazard_source_closeout_target" AS ENUM('SOURCE', 'GAP')`);
    await queryRunner.query(
      `CREATE TYPE "public"."hazard_source_closeout_status" AS ENUM('PENDING', 'APPROVED', 'REJECTED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "hazard_source_closeouts" ("id" SERIAL NOT NULL, "source_id" integer NOT NULL, "target" "public"."hazard_source_closeout_target" NOT NULL, "gap_key" text, "reason" text NOT NULL, "status" "public"."hazard_source_closeout_status" NOT NULL DEFAULT 'PENDING', "requested_by_id" integer NOT NULL, "decided_by_id" integer, "decision_note" text, "decided_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9327eb7e46edb4a48db97dd715d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1df55418d0689a697b59e52553" ON "hazard_source_closeouts"  ("source_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "hazard_sources" ADD CONSTRAINT "FK_96538df396222accd411f5261f6" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inspection_tasks" ADD CONSTRAINT "FK_3dbb28e033e0853db78f77f371d" FOREIGN KEY ("source_id") REFERENCES "hazard_sources"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inspection_tasks" ADD CONSTRAINT "FK_a35141e795f410e6a03bac4b4b5" FOREIGN KEY ("template_id") REFERENCES "checklist_templates"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inspection_photos" ADD CONSTRAINT "FK_d5f00f2cee44cd488f1d78f71bb" FOREIGN KEY ("task_id") REFERENCES "inspection_tasks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "hazard_source_closeouts" ADD CONSTRAINT "FK_1df55418d0689a697b59e52553e" FOREIGN KEY ("source_id") REFERENCES "hazard_sources"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "hazard_source_closeouts" DROP CONSTRAINT "FK_1df55418d0689a697b59e52553e"`,
    );
    await queryRunner.query(
      `ALTER TABLE "inspection_photos" DROP CONSTRAINT "FK_d5f00f2cee44cd488f1d78f71bb"`,
    );
    await queryRunner.query(
      `ALTER TABLE "inspection_tasks" DROP CONSTRAINT "FK_a35141e795f410e6a03bac4b4b5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "inspection_tasks" DROP CONSTRAINT "FK_3dbb28e033e0853db78f77f371d"`,
    );
    await queryRunner.query(`ALTER TABLE "hazard_sources" DROP CONSTRAINT "FK_96538df396222accd411f5261f6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1df55418d0689a697b59e52553"`);
    await queryRunner.query(`DROP TABLE "hazard_source_closeouts"`);
    await queryRunner.query(`DROP TYPE "public"."hazard_source_closeout_status"`);
    await queryRunner.query(`DROP TYPE "public"."hazard_source_closeout_target"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d5f00f2cee44cd488f1d78f71b"`);
    await queryRunner.query(`DROP TABLE "inspection_photos"`);
    await queryRunner.query(`DROP INDEX "public"."idx_inspection_tasks_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6321b306fb34c6d866a3fcd06c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3dbb28e033e0853db78f77f371"`);
    await queryRunner.query(`DROP TABLE "inspection_tasks"`);
    await queryRunner.query(`DROP TYPE "public"."inspection_task_status"`);
    await queryRunner.query(`DROP TYPE "public"."inspection_level"`);
    await queryRunner.query(`DROP TABLE "checklist_templates"`);
    await queryRunner.query(`DROP TYPE "public"."risk_grade"`);
    await queryRunner.query(`DROP TYPE "public"."hazard_source_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_96538df396222accd411f5261f"`);
    await queryRunner.query(`DROP TABLE "hazard_sources"`);
    await queryRunner.query(`DROP TYPE "public"."hazard_source_status"`);
  }
}
