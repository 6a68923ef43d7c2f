import path from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig, usesEmbeddedDatabase } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { EmbeddedPostgres } from './embedded-postgres';

/** The database the process uses: the external DATABASE_URL, or an embedded server it owns and must stop. */
export interface DatabaseRuntime {
  url: string;
  embedded?: EmbeddedPostgres;
  stop(): Promise<void>;
}

export async function startDatabase(
  config: AppConfig,
  log: (message: string) => void,
): Promise<DatabaseRuntime> {
  if (!usesEmbeddedDatabase(config)) {
    return { url: config.DATABASE_URL!, stop: async () => undefined };
  }
  const dataDir = path.resolve(config.DATA_DIR);
  const embedded = new EmbeddedPostgres({
    clusterDir: path.join(dataDir, 'postgres'),
    passwordFile: path.join(dataDir, 'postgres.password'),
    port: config.EMBEDDED_PG_PORT,
    database: 'rectify',
    log,
  });
  const url = await embedded.start();
  return { url, embedded, stop: () => embedded.stop() };
}

/** Applies pending migrations; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
