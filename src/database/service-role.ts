import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/**
 * The role the service's own connections use on the embedded database. The superuser `postgres` owns every table,
 * function and trigger and runs the migrations and the operator commands; the service logs in as this role, which
 * owns nothing: it may read and write rows, but it cannot drop or disable the append-only and no-delete triggers
 * (that takes the owner), cannot `SET session_replication_role` (that takes a superuser), cannot truncate, and has
 * no UPDATE or DELETE on the change log at all. A bug or an injected statement in the service therefore cannot
 * rewrite history in a way the triggers would refuse. (With DATABASE_URL the operator chooses the roles:
 * docs/operations.md, Deployment.)
 */
export const SERVICE_ROLE = 'rectify_service';

/** Tables the service only appends to: no UPDATE or DELETE even before the triggers are reached. */
const APPEND_ONLY_TABLES = ['change_events', 'change_log_checkpoints'];

/**
 * Creates or updates the service role with its password (kept in `passwordFile`, created on first use) and grants
 * it row access to every table in the database at `ownerUrl` — also to tables later migrations create (default
 * privileges). Run at every start after the migrations; idempotent. Returns the URL the service connects with.
 */
export async function prepareServiceRole(ownerUrl: string, passwordFile: string): Promise<string> {
  const password = await readOrCreatePassword(passwordFile);
  const database = decodeURIComponent(new URL(ownerUrl).pathname.slice(1));
  const client = new Client({ connectionString: ownerUrl });
  client.on('error', () => undefined);
  await client.connect();
  const role = client.escapeIdentifier(SERVICE_ROLE);
  try {
    await client.query('BEGIN');
    // Roles are cluster-wide: two databases of one cluster starting at once must not both create it.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('rectify service role'))`);
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [SERVICE_ROLE]);
    const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT';
    await client.query(
      `${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} WITH ${attributes} PASSWORD ${client.escapeLiteral(password)}`,
    );
    await client.query(
      `GRANT CONNECT, TEMPORARY ON DATABASE ${client.escapeIdentifier(database)} TO ${role}`,
    );
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await client.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await client.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
    );
    await client.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`,
    );
    const present = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`,
      [APPEND_ONLY_TABLES],
    );
    for (const { name } of present.rows)
      await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${client.escapeIdentifier(name)} FROM ${role}`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(SERVICE_ROLE);
  url.password = encodeURIComponent(password);
  return url.toString();
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}
