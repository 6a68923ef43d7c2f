import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 20: the inspection tasks named in reminders (today's list per day, 漏检 once), so none is named twice. */
export class InspectionReminders1796450000000 implements MigrationInterface {
  name = 'InspectionReminders1796450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "inspection_reminders" ("task_id" integer NOT NULL, "kind" text NOT NULL, "day" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fdd2b3c6c29d1efc3ebdc526c0a" PRIMARY KEY ("task_id", "kind", "day"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_inspection_reminder_missed_once" ON "inspection_reminders" ("task_id") WHERE "kind" = 'MISSED'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_inspection_reminder_missed_once"`);
    await queryRunner.query(`DROP TABLE "inspection_reminders"`);
  }
}
