import { Client } from 'pg';
import type { ScratchServer } from '../../src/database/scratch-server';
import { demoTemplatesLike } from './template-names';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>).__rectifyScratch as
    { server: ScratchServer; template: string } | undefined;
  if (!state) return;
  // The demo templates: one per business day the run saw (test/support/template-names.ts), and any half-built one.
  const admin = new Client({ connectionString: state.server.urlFor('postgres') });
  await admin.connect();
  const demo = await admin
    .query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      demoTemplatesLike(state.template),
    ])
    .finally(() => admin.end());
  for (const name of [state.template, ...demo.rows.map((r) => r.datname)])
    await state.server.dropDatabase(name).catch(() => undefined);
  await state.server.stop();
}
