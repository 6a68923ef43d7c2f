import { MigrationInterface, QueryRunner } from 'typeorm';

export class RobotsPerGroup1796430000000 implements MigrationInterface {
  name = 'RobotsPerGroup1796430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_webhooks" ADD "supervision_group_id" integer`);
    await queryRunner.query(`ALTER TABLE "notification_webhooks" ADD "name" text NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "notification_webhooks" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "notification_webhooks" ALTER COLUMN "unit_id" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "IDX_aee58889be684f91e1f7373a6d" ON "notification_webhooks"  ("supervision_group_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "notification_webhooks" ADD CONSTRAINT "ck_notification_webhook_owner" CHECK ((unit_id IS NULL) <> (supervision_group_id IS NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_webhooks" DROP CONSTRAINT "ck_notification_webhook_owner"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_aee58889be684f91e1f7373a6d"`);
    await queryRunner.query(`ALTER TABLE "notification_webhooks" ALTER COLUMN "unit_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification_webhooks" DROP COLUMN "disabled_at"`);
    await queryRunner.query(`ALTER TABLE "notification_webhooks" DROP COLUMN "name"`);
    await queryRunner.query(`ALTER TABLE "notification_webhooks" DROP COLUMN "supervision_group_id"`);
  }
}
