import { MigrationInterface, QueryRunner } from 'typeorm';

/** Refused close-out attempts, with the unmet 五个不放过 rules (issue 17: the dashboard counts them). */
export class CloseoutRefusals1796350000000 implements MigrationInterface {
  name = 'CloseoutRefusals1796350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "closeout_refusals" ("id" SERIAL NOT NULL, "finding_id" integer NOT NULL, "unmet_rules" smallint array NOT NULL, "attempted_by_id" integer NOT NULL, "refused_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2ecc19952fc37fde0b8584b9e01" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_c106b408bba94ecd4d24d32cba" ON "closeout_refusals"  ("refused_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0e17f42808e2b824ec51c50fcb" ON "closeout_refusals"  ("finding_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "closeout_refusals" ADD CONSTRAINT "FK_0e17f42808e2b824ec51c50fcb1" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "closeout_refusals" DROP CONSTRAINT "FK_0e17f42808e2b824ec51c50fcb1"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_0e17f42808e2b824ec51c50fcb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c106b408bba94ecd4d24d32cba"`);
    await queryRunner.query(`DROP TABLE "closeout_refusals"`);
  }
}
