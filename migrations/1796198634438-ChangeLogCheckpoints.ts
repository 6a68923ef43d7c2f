import { MigrationInterface, QueryRunner } from 'typeorm';

/** Signed checkpoints of the change-log head; append-only like change_events. */
export class ChangeLogCheckpoints1796198634438 implements MigrationInterface {
  name = 'ChangeLogCheckpoints1796198634438';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "change_log_checkpoints" ("seq" bigint NOT NULL, "hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" text NOT NULL, "signature" text NOT NULL, CONSTRAINT "PK_9171c5baf7881280e62880b8717" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE TRIGGER change_log_checkpoints_append_only BEFORE UPDATE OR DELETE ON "change_log_checkpoints" FOR EACH ROW EXECUTE FUNCTION rectify_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER change_log_checkpoints_no_truncate BEFORE TRUNCATE ON "change_log_checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION rectify_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "change_log_checkpoints"`);
  }
}
