import { MigrationInterface, QueryRunner } from 'typeorm';

export class Closeouts1795215426255 implements MigrationInterface {
  name = 'Closeouts1795215426255';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "closeouts" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "closed_by_id" integer NOT NULL, "closed_by_name" text NOT NULL, "rules" jsonb NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ac06be7cc0f16f77b585a163d8c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_e449aa9493d974a684a33e11e1" ON "closeouts"  ("finding_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "closeouts" ADD CONSTRAINT "FK_e449aa9493d974a684a33e11e13" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TRIGGER closeouts_no_delete BEFORE DELETE ON "closeouts" FOR EACH ROW EXECUTE FUNCTION rectify_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER closeouts_no_delete ON "closeouts"`);
    await queryRunner.query(`ALTER TABLE "closeouts" DROP CONSTRAINT "FK_e449aa9493d974a684a33e11e13"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e449aa9493d974a684a33e11e1"`);
    await queryRunner.query(`DROP TABLE "closeouts"`);
  }
}
