import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: notifications (in-app), their outbox (e-mail, 企业微信, 钉钉), users’ channel choices and daily digest,
 * units’ group-chat robots and the reminder ladder’s steps.
 */
export class Notifications1796390000000 implements MigrationInterface {
  name = 'Notifications1796390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "kind" text NOT NULL, "finding_id" integer, "title" text NOT NULL, "body" text NOT NULL, "link" text NOT NULL, "dedupe_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8c641d4ce348fb6cd1322823e4" ON "notifications"  ("finding_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_notifications_user_unread" ON "notifications"  ("user_id", "read_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_notification_dedupe" ON "notifications"  ("user_id", "dedupe_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_deliveries" ("id" SERIAL NOT NULL, "notification_id" integer NOT NULL, "channel" text NOT NULL, "address" text NOT NULL, "subject" text, "text" text, "status" text NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_435486b970fffc3e33a7450ee9" ON "notification_deliveries"  ("notification_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_deliveries_due" ON "notification_deliveries"  ("status", "next_attempt_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_preferences" ("user_id" integer NOT NULL, "email" text, "email_kinds" text array NOT NULL DEFAULT '{}', "digest_hour" integer, "digested_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64c90edc7310c6be7c10c96f675" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "reminder_steps" ("finding_id" integer NOT NULL, "deadline" date NOT NULL, "unit_id" integer NOT NULL, "offset_days" integer NOT NULL, "coalesced" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_846ee5af242bd7679526804a446" PRIMARY KEY ("finding_id", "deadline", "unit_id", "offset_days"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_webhooks" ("id" SERIAL NOT NULL, "unit_id" integer NOT NULL, "channel" text NOT NULL, "url" text NOT NULL, "secret" text, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_76330ecc80e42c2322448f123cd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8287fe443a61f4ea94a02ad3e8" ON "notification_webhooks"  ("unit_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_8287fe443a61f4ea94a02ad3e8"`);
    await queryRunner.query(`DROP TABLE "notification_webhooks"`);
    await queryRunner.query(`DROP TABLE "reminder_steps"`);
    await queryRunner.query(`DROP TABLE "notification_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."idx_deliveries_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_435486b970fffc3e33a7450ee9"`);
    await queryRunner.query(`DROP TABLE "notification_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notification_dedupe"`);
    await queryRunner.query(`DROP INDEX "public"."idx_notifications_user_unread"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8c641d4ce348fb6cd1322823e4"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
