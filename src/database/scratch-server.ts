import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from './embedded-postgres';
import { findFreePort } from './free-ports';

/**
 * A PostgreSQL server for throwaway databases (tests, `migration:check`, `migration:generate`):
 * with `externalUrl` it creates and drops databases on that server; without it, it starts a private embedded
 * cluster in a temp folder, tuned for speed (fsync off), and deletes it on stop.
 */
export interface ScratchServer {
  /** URL of a database on this server (without creating it). */
  urlFor(database: string): string;
  createDatabase(name: string, template?: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
  /** Serialisable description, for passing to jest workers. */
  baseUrl: string;
}

const FAST_SETTINGS = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '300',
  shared_buffers: '128MB',
};

export async function startScratchServer(externalUrl?: string): Promise<ScratchServer> {
  let baseUrl: string;
  let stopServer = async () => undefined as void;
  if (externalUrl) {
    const u = new URL(externalUrl);
    u.pathname = '';
    baseUrl = u.toString().replace(/\/$/, '');
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-scratch-'));
    chmodSync(dir, 0o755);
    const server = new EmbeddedPostgres({
      clusterDir: path.join(dir, 'cluster'),
      passwordFile: path.join(dir, 'password'),
      port: await findFreePort(),
      database: 'postgres',
      settings: FAST_SETTINGS,
    });
    const url = await server.start();
    baseUrl = url.replace(/\/postgres$/, '');
    stopServer = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  return scratchServerAt(baseUrl, stopServer);
}

/** Handle on a server that someone else started (jest workers get the URL from the global setup). */
export function scratchServerAt(
  baseUrl: string,
  stopServer: () => Promise<void> = async () => undefined,
): ScratchServer {
  const urlFor = (database: string) => `${baseUrl}/${database}`;
  const admin = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: urlFor('postgres') });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    baseUrl,
    urlFor,
    createDatabase: async (name, template) => {
      await admin((c) =>
        c.query(
          `CREATE DATABASE "${name}" ${template ? `TEMPLATE "${template}"` : `TEMPLATE template0 ENCODING 'UTF8'`}`,
        ),
      );
      return urlFor(name);
    },
    dropDatabase: async (name) => {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
    stop: stopServer,
  };
}
