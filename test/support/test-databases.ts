import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { ScratchServer, scratchServerAt } from '../../src/database/scratch-server';
import { DemoSeeder } from '../../src/demo/demo-seeder';
import { bootTestApp } from './app-boot';
import { baseTemplate, demoTemplateFor } from './template-names';

/**
 * The test databases. The global setup migrates one template database per run; a test file that asks for the demo
 * data (`startTestApp({ demo: true })`, `startBrowserRun(suite, { demo: true })`) gets a clone of a second template
 * that also holds the demo data, seeded once per run — in the global setup when a selected test file says
 * `demo: true` (see usesDemoData), otherwise on first use.
 */

/** Whether a test file boots on the demo data (how the global setup decides to seed the demo template up front). */
export function usesDemoData(testFile: string): boolean {
  return /\bdemo:\s*true\b/.test(readFileSync(testFile, 'utf8'));
}

/** A fresh database cloned from the migrated template, or from the demo template with `demo`. */
export async function createTestDatabase(
  options: { demo?: boolean } = {},
): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = scratchServerAt(process.env.RECTIFY_TEST_SERVER!);
  const template = options.demo ? await ensureDemoTemplate(server, baseTemplate()) : baseTemplate();
  const name = `rectify_t${process.env.JEST_WORKER_ID ?? 0}_${randomBytes(4).toString('hex')}`;
  const url = await server.createDatabase(name, template);
  return { url, drop: () => server.dropDatabase(name) };
}

/**
 * The demo template: cloned from the migrated template, then the application boots on it exactly as a test app
 * does (test config, `admin` with TEST_ADMIN_PASSWORD, real clock — the seeder replays its own dates) and loads the
 * demo data as the tests used to do themselves (DemoSeeder.seedIfEmpty). Built once per run and business day (a run
 * crossing midnight in the business zone builds the new day's: template-names.ts): under an advisory lock, under
 * another name, renamed when complete — a clone never sees half the data.
 */
export async function ensureDemoTemplate(server: ScratchServer, base: string): Promise<string> {
  const name = demoTemplateFor(base);
  const admin = new Client({ connectionString: server.urlFor('postgres') });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [`rectify:test:${name}`]);
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (exists.rowCount) return name;
    const building = `${name}_build`;
    await server.dropDatabase(building);
    await seedDemoInto(await server.createDatabase(building, base));
    await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    return name;
  } finally {
    await admin.end();
  }
}

async function seedDemoInto(databaseUrl: string): Promise<void> {
  const started = Date.now();
  const app = await bootTestApp(databaseUrl);
  try {
    // A fresh clone of the migrated template is empty: the seeder must load into it (test/demo-data.e2e-spec.ts
    // walks through what it loaded, on a clone of this template).
    if (!(await app.get(DemoSeeder).seedIfEmpty()))
      throw new Error('the demo seeder loaded nothing into an empty database');
  } finally {
    await app.close();
  }
  process.stdout.write(`[test db] demo template seeded in ${Date.now() - started} ms\n`);
}
