import { INestApplication, Type } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/app-config';
import { scratchServerAt } from '../../src/database/scratch-server';

/** The first-start administrator's password in tests. */
export const TEST_ADMIN_PASSWORD = 'AdminPass2023';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  db: DataSource;
  databaseUrl: string;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated template. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = scratchServerAt(process.env.RECTIFY_TEST_SERVER!);
  const name = `rectify_t${process.env.JEST_WORKER_ID ?? 0}_${randomBytes(4).toString('hex')}`;
  const url = await server.createDatabase(name, process.env.RECTIFY_TEST_TEMPLATE!);
  return { url, drop: () => server.dropDatabase(name) };
}

/** Boots the real application (same middleware, filters and routes as production) on a fresh database. */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    extraControllers?: Type[];
    logDestination?: NodeJS.WritableStream;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...options.env,
  });
  const app = await createApp({
    config,
    databaseUrl: database.url,
    extraControllers: options.extraControllers,
    logDestination: options.logDestination,
  });
  const server = app.getHttpServer();
  return {
    app,
    http: () => request(server),
    db: app.get(DataSource),
    databaseUrl: database.url,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
