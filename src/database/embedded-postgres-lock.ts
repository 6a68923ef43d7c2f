import { spawnSync } from 'node:child_process';
import { promises as fs, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { sleep } from './embedded-postgres-setup';

/** Who runs a cluster: its postmaster.pid, the owner file the service writes, and whether a process is really that server. */

export type LockFileState =
  | { kind: 'none' }
  | { kind: 'postgres'; pid: number; port: number }
  | { kind: 'stale'; pid: number; command: string }
  /** The pid lives, but whether it is our server cannot be told (no /proc, no ps): neither signalled nor removed. */
  | { kind: 'unknown'; pid: number };

/**
 * What `postmaster.pid` says about the cluster: no server, a live PostgreSQL server on this very cluster (checked
 * by its command line: a `postgres` binary given `-D <this cluster>`), or a stale file whose pid is dead or now
 * belongs to some other process.
 */
export async function inspectLockFile(clusterDir: string): Promise<LockFileState> {
  const content = await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  if (!content) return { kind: 'none' };
  const lines = content.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return { kind: 'none' };
  const argv = processArgv(pid);
  if (!argv) return { kind: 'unknown', pid };
  const binary = path.basename(argv[0] ?? '');
  const d = argv.indexOf('-D');
  const dataArg = d >= 0 ? argv[d + 1] : argv.find((a) => a.startsWith('-D'))?.slice(2);
  const sameCluster = !!dataArg && samePath(dataArg, clusterDir);
  if (/^postgres|^postmaster/.test(binary) && sameCluster) {
    const port = Number(lines[3]);
    return { kind: 'postgres', pid, port: Number.isInteger(port) && port > 0 ? port : 5432 };
  }
  return { kind: 'stale', pid, command: argv.join(' ').slice(0, 200) };
}

export function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(path.resolve(p));
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

/** A process's argument vector (Linux /proc, else `ps`); undefined when it cannot be read. */
export function processArgv(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw) return raw.split('\0').filter((a) => a !== '');
  } catch {
    /* no /proc: ask ps */
  }
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  if (ps.status !== 0 || !ps.stdout.trim()) return undefined;
  return ps.stdout.trim().split(/\s+/);
}

export const processCommand = (pid: number): string | undefined => processArgv(pid)?.join(' ');

export interface OwnerRecord {
  pid: number;
  command: string;
}

export async function readOwner(file: string): Promise<OwnerRecord | undefined> {
  try {
    const owner = JSON.parse(await fs.readFile(file, 'utf8')) as OwnerRecord;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** The process recorded in the owner file, when it still runs (the same command line: not a reused pid). */
export async function liveOwner(file: string | undefined): Promise<OwnerRecord | undefined> {
  if (!file) return undefined;
  const owner = await readOwner(file);
  if (!owner || owner.pid === process.pid || !isAlive(owner.pid)) return undefined;
  const command = processCommand(owner.pid);
  if (command !== undefined && owner.command && command !== owner.command) return undefined;
  return owner;
}

/**
 * A server left running by a service that was killed (kill -9) still holds the cluster: stop it first. Called only
 * for a pid verified to be a PostgreSQL server on this cluster whose owner is gone.
 */
export async function stopLeftoverServer(
  pid: number,
  clusterDir: string,
  log: (message: string) => void,
): Promise<void> {
  log(`A PostgreSQL server (pid ${pid}) left behind on ${clusterDir} is still running; stopping it`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) on ${clusterDir} did not stop; stop it by hand`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
