import { MigrationInterface, QueryRunner } from 'typeorm';

/** Extensions the later schema relies on: pg_trgm for Chinese-aware similarity and name search. */
export class Platform1763676000000 implements MigrationInterface {
  name = 'Platform1763676000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
