import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BootOptions, bootTestApp } from './app-boot';
import { createTestDatabase } from './test-databases';
import { closeWhenTheFileEnds } from './leftovers';

export { TEST_ADMIN_PASSWORD } from './app-boot';
export { createTestDatabase } from './test-databases';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  db: DataSource;
  databaseUrl: string;
  /** Stops the app and drops its database (once: later calls wait for the first). */
  close(): Promise<void>;
}

/**
 * Boots the real application (same middleware, filters and routes as production) on a fresh database: an empty
 * migrated one, or with `demo: true` one that already holds the demo data (the January 2023 look-back, as
 * DemoSeeder loads it on a fresh machine), cloned from a template seeded once per run.
 * An app the test file does not close (e.g. its beforeAll timed out while it started) is closed when the file ends.
 */
export function startTestApp(options: BootOptions & { demo?: boolean } = {}): Promise<TestApp> {
  return closeWhenTheFileEnds(start(options));
}

async function start(options: BootOptions & { demo?: boolean }): Promise<TestApp> {
  const database = await createTestDatabase({ demo: options.demo });
  const app = await bootTestApp(database.url, options).catch(async (err: unknown) => {
    await database.drop();
    throw err;
  });
  const server = app.getHttpServer();
  let closing: Promise<void> | undefined;
  return {
    app,
    http: () => request(server),
    db: app.get(DataSource),
    databaseUrl: database.url,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await database.drop();
      })()),
  };
}
