/**
 * Preload (`node -r dist/bench/sql-trace.js …`) that appends every SQL statement a process sends through `pg` to
 * the file named by BENCH_SQL_TRACE, one JSON line each. The bench runs the service and the bare handler traced once,
 * outside the measurements, to check that both send the same SQL for each scenario.
 */
import { appendFileSync } from 'node:fs';
import pg from 'pg';

const file = process.env.BENCH_SQL_TRACE;
if (file) {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function traced(this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    if (text) appendFileSync(file, JSON.stringify({ t: Date.now(), sql: text }) + '\n');
    return original.apply(this, args);
  };
}
