import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 21: the 挂牌督办 reminder ladders' reached steps (督办期限 T−7/T−1/T+1, acceptance overdue). */
export class SupervisionReminderSteps1796405000000 implements MigrationInterface {
  name = 'SupervisionReminderSteps1796405000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "supervision_reminder_steps" ("listing_id" integer NOT NULL, "kind" text NOT NULL, "due_date" date NOT NULL, "offset_days" integer NOT NULL, "coalesced" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1db5ed9efb96c44ab818fc09c30" PRIMARY KEY ("listing_id", "kind", "due_date", "offset_days"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "supervision_reminder_steps"`);
  }
}
