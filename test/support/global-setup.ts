import { runMigrations } from '../../src/database/database-runtime';
import { startScratchServer } from '../../src/database/scratch-server';
import { ensureDemoTemplate, usesDemoData } from './test-databases';

/** Set by test/support/test-sequencer.mjs: the test files this run will run (absent: assume all). */
const SELECTED_TESTS = Symbol.for('rectify.test.selectedFiles');

/**
 * The e2e and browser projects' global setup (the unit project has none: it never starts PostgreSQL). Jest runs it
 * once per run when either project has tests to run. It starts the test PostgreSQL: an embedded throwaway cluster
 * (fsync off) when DATABASE_URL is unset, otherwise throwaway databases on that server; migrates a template database
 * that each test file clones; and, when a selected test file uses the demo data, seeds the demo template once.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const server = await startScratchServer(process.env.DATABASE_URL || undefined);
  const template = `rectify_test_template_${process.pid}`;
  await server.dropDatabase(template);
  const url = await server.createDatabase(template);
  await runMigrations(url);
  process.env.RECTIFY_TEST_SERVER = server.baseUrl;
  process.env.RECTIFY_TEST_TEMPLATE = template;
  (globalThis as Record<string, unknown>).__rectifyScratch = { server, template };
  process.stdout.write(
    `\n[test db] ${process.env.DATABASE_URL ? 'external server' : 'embedded PostgreSQL'} ready in ${Date.now() - started} ms\n`,
  );
  const selected = (globalThis as Record<symbol, string[] | undefined>)[SELECTED_TESTS];
  if (!selected || selected.some(usesDemoData)) await ensureDemoTemplate(server, template);
}
