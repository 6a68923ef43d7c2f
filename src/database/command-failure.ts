/**
 * How an operator command (backup, restore, audit:verify, migration:*, seed:demo) ends on an error it did not
 * expect. A database it cannot reach or that refuses its login is the operator's to fix, so it gets one line naming
 * the database and what to check; anything else is a fault to report, so the stack trace is printed.
 */
export function endCommand(err: unknown, exitCode: number): never {
  process.stderr.write(`${describeCommandFailure(err, process.env.DATABASE_URL)}\n`);
  process.exit(exitCode);
}

/** pg's and Node's codes for "cannot connect" and PostgreSQL's for "will not let you in" (SQLSTATE class 28, 3D000). */
const CANNOT_CONNECT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
]);
const LOGIN_REFUSED = new Set(['28P01', '28000', '3D000']);

export function describeCommandFailure(err: unknown, databaseUrl: string | undefined): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (CANNOT_CONNECT.has(code) || LOGIN_REFUSED.has(code))) {
    const why = err instanceof Error && err.message ? err.message : code;
    return (
      `Cannot use the database ${databaseName(databaseUrl)}: ${why}. ` +
      (databaseUrl
        ? 'Check DATABASE_URL (host, port, user, password, database) and that PostgreSQL is running there.'
        : 'Check DATA_DIR and EMBEDDED_PG_PORT, or set DATABASE_URL.')
    );
  }
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** host:port/database of DATABASE_URL, without its password; "(embedded)" when unset. */
function databaseName(databaseUrl: string | undefined): string {
  if (!databaseUrl) return '(embedded)';
  try {
    const u = new URL(databaseUrl);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(DATABASE_URL is not a URL)';
  }
}
