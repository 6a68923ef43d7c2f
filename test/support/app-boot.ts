import { INestApplication, Type } from '@nestjs/common';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/app-config';

/** The first-start administrator's password in tests. */
export const TEST_ADMIN_PASSWORD = 'AdminPass2023';

export interface BootOptions {
  env?: Record<string, string>;
  extraControllers?: Type[];
  logDestination?: NodeJS.WritableStream;
}

/**
 * The real application (same middleware, filters and routes as production) on the given database, configured as
 * every test runs it: NODE_ENV=test (clock pinnable, no demo loading at start), quiet logs, and the administrator
 * `admin` created at first start with TEST_ADMIN_PASSWORD. The demo template is seeded by an app booted here too.
 */
export async function bootTestApp(databaseUrl: string, options: BootOptions = {}): Promise<INestApplication> {
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    ...options.env,
  });
  return createApp({
    config,
    databaseUrl,
    extraControllers: options.extraControllers,
    logDestination: options.logDestination,
  });
}
