/**
 * Child processes of the bench: the service (`dist/src/main.js`, as production starts it), the bare handler, the
 * generator and pdfkit-alone. Every process started here is remembered and stopped by `stopAll()`, on success and on
 * failure; each is stopped by its own pid, never by name.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../src/database/free-ports';

/** The compiled tree the bench runs from (dist/, or its snapshot). */
export const DIST = path.resolve(__dirname, '..');
/** The checkout: templates and node_modules are found from here, as `npm start` does. */
export const ROOT = process.cwd();

const running = new Set<ChildProcess>();
/** How long a stopped process may take to exit before it is killed: a profiled one writes its profile first. */
const STOP_GRACE_MS = process.env.BENCH_CPU_PROF ? 120_000 : 15_000;

export interface Started {
  child: ChildProcess;
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

function track(child: ChildProcess): () => Promise<void> {
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
}

/** Stops every process the bench started that is still running. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
        }),
    ),
  );
}

async function waitFor(url: string, child: ChildProcess, logFile: string, seconds = 300): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${seconds} s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const ADMIN_PASSWORD = 'Bench-2026-rectify';

/** A bearer token of a user (POST /auth/login). */
export async function login(origin: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (!res.ok || !body.accessToken)
    throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

/** The service as production runs it: `node dist/src/main.js` with the bench database. */
export async function startService(opts: {
  databaseUrl: string;
  logDir: string;
  trace?: string;
  /** Extra settings (e.g. a longer statement timeout for the first start after loading) and a longer wait. */
  env?: Record<string, string>;
  waitSeconds?: number;
}): Promise<Started> {
  const port = await findFreePort();
  const logFile = path.join(opts.logDir, `service-${port}.log`);
  const log = createWriteStream(logFile);
  const args = opts.trace ? ['-r', path.join(DIST, 'bench', 'sql-trace.js')] : [];
  // BENCH_CPU_PROF=<dir>: each service process writes a V8 CPU profile there when it stops (open it in Chrome's
  // DevTools or speedscope) — where the service's time goes under the bench's load.
  if (process.env.BENCH_CPU_PROF) args.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`);
  const child = spawn(process.execPath, [...args, path.join(DIST, 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: opts.databaseUrl,
      MIGRATIONS_RUN: 'true',
      DEMO_DATA: 'false',
      ADMIN_PASSWORD,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEEKLY_JOB_INTERVAL_SECONDS: '0',
      NODE_ENV: 'production',
      ...(opts.trace ? { BENCH_SQL_TRACE: opts.trace } : {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const stop = track(child);
  const origin = `http://127.0.0.1:${port}`;
  // A busy machine (other work, a load average of 20 on 2 cores) can take minutes to start the service.
  await waitFor(`${origin}/api/v1/health`, child, logFile, opts.waitSeconds ?? 300);
  return { child, origin, pid: child.pid!, stop };
}

/** The bare node:http + pg handler (the service's SQL), or with `script: 'best-server'` the best one. */
export async function startBare(opts: {
  databaseUrl: string;
  logDir: string;
  trace?: string;
  script?: 'bare-server' | 'best-server';
  env?: Record<string, string>;
}): Promise<Started> {
  const port = await findFreePort();
  const script = opts.script ?? 'bare-server';
  const logFile = path.join(opts.logDir, `${script.replace('-server', '')}-${port}.log`);
  const log = createWriteStream(logFile);
  const args = opts.trace ? ['-r', path.join(DIST, 'bench', 'sql-trace.js')] : [];
  const child = spawn(process.execPath, [...args, path.join(DIST, 'bench', `${script}.js`)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
      ...(opts.trace ? { BENCH_SQL_TRACE: opts.trace } : {}),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const stop = track(child);
  const origin = `http://127.0.0.1:${port}`;
  // Any request proves it listens (401 for an unknown user is fine).
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the ${script} exited; see ${logFile}`);
    try {
      await (await fetch(`${origin}/api/v1/findings/0`)).arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`the ${script} did not start; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { child, origin, pid: child.pid!, stop };
}

/**
 * `npm start` in the checkout, as a user runs it (prestart: .tools/build-if-changed.mjs, then node dist/src/main.js),
 * timed from the spawn to the first 200 of /api/v1/health; then stopped (its process group, by its id).
 */
export async function timeNpmStart(opts: { databaseUrl: string; logDir: string }): Promise<number> {
  const port = await findFreePort();
  const logFile = path.join(opts.logDir, `npm-start-${port}.log`);
  const log = createWriteStream(logFile);
  const t0 = process.hrtime.bigint();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true, // its own process group: npm, the shell and node are stopped together
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: opts.databaseUrl,
      MIGRATIONS_RUN: 'true',
      DEMO_DATA: 'false',
      ADMIN_PASSWORD,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      WEEKLY_JOB_INTERVAL_SECONDS: '0',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = `http://127.0.0.1:${port}/api/v1/health`;
    const deadline = Date.now() + 600_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}); see ${logFile}`);
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`npm start: no health 200 within 600 s; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return Number(process.hrtime.bigint() - t0) / 1e6;
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    running.delete(child);
  }
}

/** Runs a bench script in its own process and returns the last JSON line it prints. */
export function runScript<T>(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(DIST, 'bench', script)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as T);
      else reject(new Error(`${script} exited with ${code}: ${err.slice(-2000)}`));
    });
  });
}

/** Forks the generator (with a larger young generation: it allocates many short-lived strings). */
export function forkGenerator<T>(message: object, onLog: (line: string) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(DIST, 'bench', 'generate.js'), [], {
      cwd: ROOT,
      execArgv: ['--max-semi-space-size=64'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    track(child);
    let settled = false;
    child.on('message', (msg: { log?: string; result?: T; error?: string }) => {
      if (msg.log) onLog(msg.log);
      else if (msg.error) {
        settled = true;
        reject(new Error(msg.error));
      } else if (msg.result) {
        settled = true;
        resolve(msg.result);
        child.disconnect();
      }
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`the generator exited with ${code}`));
    });
    child.send(message);
  });
}

/** Peak resident set size of a process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

/** CPU time (user + system) a process has used so far, in ms (/proc/<pid>/stat; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const { userMs, systemMs } = processCounters(pid);
  return userMs + systemMs;
}

/**
 * A process's CPU time split into user and kernel time, and the write system calls it has made (socket writes to
 * PostgreSQL and to clients included), from /proc. Tells a profile's time "in writev" (often the process descheduled
 * inside the call on a busy machine) from kernel CPU it really spent.
 */
export function processCounters(pid: number): { userMs: number; systemMs: number; writeCalls: number } {
  // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th of them.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const writeCalls = /^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return {
    userMs: Number(fields[11]) * 10,
    systemMs: Number(fields[12]) * 10,
    writeCalls: writeCalls ? Number(writeCalls[1]) : NaN,
  };
}

/**
 * CPU time (ms) used so far by every PostgreSQL server process on this machine (command name `postgres`: the
 * postmaster, its backends and helpers; the embedded server's too; see onCpuMs). A backend that ended since the last
 * reading takes its time with it, so read it across a span in which the pools' connections stay open.
 */
export function postgresCpuMs(): number {
  let ms = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8') !== 'postgres\n') continue;
      ms += onCpuMs(Number(name));
    } catch {
      // ended while we looked
    }
  }
  return ms;
}

/**
 * A process's time on a CPU so far, all its threads, in ms: the sum of /proc/<pid>/task/<tid>/schedstat (ns), else
 * user + system from /proc/<pid>/stat (clock ticks of 10 ms). A thread that ended takes its time with it.
 */
export function onCpuMs(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return cpuMs(pid);
  }
}

/** CPU time the whole machine has been busy so far (all cores; not idle, not waiting for I/O), in ms. */
export function machineBusyMs(): number {
  // user nice system idle iowait irq softirq steal (guest time is counted in user already, so left out).
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return (user + nice + system + irq + softirq + steal) * 10;
}
