import { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts created or reset by an administrator must choose their own password at first login (issue 15, 9). */
export class MustChangePassword1795300000000 implements MigrationInterface {
  name = 'MustChangePassword1795300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
  }
}
