import { MigrationInterface, QueryRunner } from 'typeorm';
import { MAJOR_HAZARD_CRITERIA_2023 } from './major-hazard-criteria-2023.data';

/**
 * 重大事故隐患判定依据 (issue 21): the reference list of clauses, seeded here (工贸企业重大事故隐患判定标准 2023 and the
 * chemical industry's 2017 standard), and a finding's citation of one.
 */
export class MajorHazardCriteria1796400000002 implements MigrationInterface {
  name = 'MajorHazardCriteria1796400000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "major_hazard_criteria" ("id" SERIAL NOT NULL, "code" text NOT NULL, "standard" text NOT NULL, "clause" text NOT NULL, "topic" text NOT NULL, "text" text NOT NULL, "keywords" text array NOT NULL DEFAULT '{}', "retired" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_871ab17953cd8e4d7deb74e499c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_e14ce50a54962bcb43c4c26ea1" ON "major_hazard_criteria"  ("code") `,
    );
    await queryRunner.query(`ALTER TABLE "findings" ADD "major_criterion_id" integer`);
    await queryRunner.query(
      `ALTER TABLE "findings" ADD CONSTRAINT "FK_cc05c8288b0880c5525ffd583a3" FOREIGN KEY ("major_criterion_id") REFERENCES "major_hazard_criteria"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const c of MAJOR_HAZARD_CRITERIA_2023)
      await queryRunner.query(
        `INSERT INTO "major_hazard_criteria" ("code", "standard", "clause", "topic", "text", "keywords") VALUES ($1, $2, $3, $4, $5, $6)`,
        [c.code, c.standard, c.clause, c.topic, c.text, c.keywords],
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "FK_cc05c8288b0880c5525ffd583a3"`);
    await queryRunner.query(`ALTER TABLE "findings" DROP COLUMN "major_criterion_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e14ce50a54962bcb43c4c26ea1"`);
    await queryRunner.query(`DROP TABLE "major_hazard_criteria"`);
  }
}
