import { runMigrations } from '../../src/database/database-runtime';
import { startScratchServer } from '../../src/database/scratch-server';

/**
 * Starts the test PostgreSQL once per run: an embedded throwaway cluster (fsync off) when DATABASE_URL is unset,
 * otherwise throwaway databases on that server. Migrates a template database that each test file clones.
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
}
