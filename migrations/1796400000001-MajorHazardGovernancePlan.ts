import { MigrationInterface, QueryRunner } from 'typeorm';

/** The 重大事故隐患治理方案 parts of a MAJOR plan (安监总局令第16号, issue 21); older plans keep them null. */
export class MajorHazardGovernancePlan1796400000001 implements MigrationInterface {
  name = 'MajorHazardGovernancePlan1796400000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rectification_plans" ADD "goals_and_tasks" text`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" ADD "materials" text`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" ADD "responsible_organisation" text`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" ADD "time_requirements" text`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" ADD "current_situation" text`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" ADD "hazard_analysis" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rectification_plans" DROP COLUMN "hazard_analysis"`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" DROP COLUMN "current_situation"`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" DROP COLUMN "time_requirements"`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" DROP COLUMN "responsible_organisation"`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" DROP COLUMN "materials"`);
    await queryRunner.query(`ALTER TABLE "rectification_plans" DROP COLUMN "goals_and_tasks"`);
  }
}
