import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22: the auth guard caches the account check for a few seconds; every change that can refuse a request or
 * change an actor (a user's activity, roles, token version, password-change flag, home unit, names; a unit's path)
 * is announced on the `rectify_account_changed` channel when its transaction commits, so every instance drops the
 * cached row at once. Triggers, not application code: no writer (service, CLI, SQL by hand) can forget it.
 */
export class AccountChangeNotify1796440000000 implements MigrationInterface {
  name = 'AccountChangeNotify1796440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION rectify_notify_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('rectify_account_changed', OLD.id::text);
        ELSE
          PERFORM pg_notify('rectify_account_changed', '*');
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER trg_users_account_changed
      AFTER UPDATE OF username, display_name, home_unit_id, roles, active, token_version, must_change_password OR DELETE
      ON users FOR EACH ROW EXECUTE FUNCTION rectify_notify_account_changed()`);
    await queryRunner.query(`CREATE TRIGGER trg_units_account_changed
      AFTER UPDATE OF path OR DELETE ON units FOR EACH STATEMENT EXECUTE FUNCTION rectify_notify_account_changed()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_units_account_changed ON units`);
    await queryRunner.query(`DROP TRIGGER trg_users_account_changed ON users`);
    await queryRunner.query(`DROP FUNCTION rectify_notify_account_changed()`);
  }
}
