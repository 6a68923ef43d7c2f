/**
 * The load client: autocannon, in a process of its own (neither the service's nor the bench runner's), driven over
 * IPC. `runLoad()` forks this file, sends a spec, and gets back the throughput, exact latency percentiles (every
 * response time is kept, not autocannon's 1 ms histogram buckets) and the status codes, per path when asked.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { machineBusyMs, onCpuMs, postgresCpuMs } from './processes';

export interface LoadSpec {
  /** http://127.0.0.1:port */
  origin: string;
  method?: 'GET' | 'POST';
  /** Request paths, taken in turn by the connections (one in flight per connection). */
  paths: string[];
  headers?: Record<string, string>;
  /** Extra headers per path (same index as `paths`), e.g. whose token to send. */
  pathHeaders?: Record<string, string>[];
  body?: string;
  connections: number;
  /** Measure for this long, after `warmupSeconds` of unmeasured load … */
  durationSeconds?: number;
  warmupSeconds?: number;
  /** … or send exactly `paths.length` requests once each (no warm-up). */
  once?: boolean;
  /** Report the status codes per path. */
  statusesByPath?: boolean;
  /**
   * With `once`: the handler's process id, to report where the machine's CPU went while the requests ran (`cpu`) —
   * read by this process at its first request and at the last answer, so neither its own start nor the bench's work
   * around the load is counted.
   */
  cpuOfHandler?: number;
}

/** CPU (ms) the machine spent from the first request to the last answer, and who spent it. */
export interface LoadCpu {
  machineMs: number;
  handlerMs: number;
  /** Every PostgreSQL process on the machine. */
  postgresMs: number;
  /** This load client's own process. */
  loadClientMs: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  byPath?: Record<string, Record<string, number>>;
  cpu?: LoadCpu;
}

/** Runs one load test in a fresh autocannon process. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load.js'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let done = false;
    child.once('message', (msg: { ok: boolean; result?: LoadResult; error?: string }) => {
      done = true;
      if (msg.ok) resolve(msg.result!);
      else reject(new Error(`load client: ${msg.error}`));
      child.disconnect();
    });
    child.once('exit', (code) => {
      if (!done) reject(new Error(`load client exited with ${code}`));
    });
    child.send(spec);
  });
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
const round2 = (n: number) => Math.round(n * 100) / 100;

async function measure(spec: LoadSpec, seconds: number | undefined, record: boolean): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const byPath: Record<string, Record<string, number>> = {};
  const requests = [
    {
      method: spec.method ?? 'GET',
      body: spec.body,
      setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
        const i = next++ % spec.paths.length;
        context.path = spec.paths[i];
        return {
          ...req,
          path: spec.paths[i],
          headers: { ...(req.headers as Record<string, string>), ...(spec.pathHeaders?.[i] ?? {}) },
        };
      },
      onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
        if (!record || !spec.statusesByPath) return;
        const p = context.path as string;
        const counts = (byPath[p] ??= {});
        counts[status] = (counts[status] ?? 0) + 1;
      },
    },
  ];
  const cpuNow = (pid: number) => ({
    machineMs: machineBusyMs(),
    handlerMs: onCpuMs(pid),
    postgresMs: postgresCpuMs(),
    loadClientMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage()),
  });
  const watched = record && spec.once ? spec.cpuOfHandler : undefined;
  const cpuAtStart = watched ? cpuNow(watched) : undefined;
  let cpuAtEnd: LoadCpu | undefined;
  let answers = 0;
  const started = process.hrtime.bigint();
  const instance = autocannon({
    url: spec.origin,
    connections: spec.connections,
    pipelining: 1,
    timeout: 60,
    headers: { 'content-type': 'application/json', ...(spec.headers ?? {}) },
    ...(spec.once ? { amount: spec.paths.length } : { duration: seconds }),
    requests,
  });
  // The load's end is its last answer: autocannon reports a fixed amount of requests only at its next one-second
  // sample tick, so its own end (and anything timed around `await instance`) is rounded up to whole seconds — the
  // transitions' 930 answers in 2.2 s came out as 3.03 s.
  let lastAnswer = started;
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    lastAnswer = process.hrtime.bigint();
    if (watched && ++answers === spec.paths.length) cpuAtEnd = cpuNow(watched);
    if (!record) return;
    latencies.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  const elapsed = Number((lastAnswer > started ? lastAnswer : process.hrtime.bigint()) - started) / 1e9;
  const sorted = Float64Array.from(latencies).sort();
  const ok = Object.entries(statuses)
    .filter(([s]) => s.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  return {
    requests: latencies.length,
    seconds: round2(elapsed),
    rps: round2(ok / elapsed),
    latencyMs: {
      p50: round2(percentile(sorted, 50)),
      p90: round2(percentile(sorted, 90)),
      p99: round2(percentile(sorted, 99)),
      max: round2(sorted.length ? sorted[sorted.length - 1] : NaN),
      mean: round2(latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1)),
    },
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    ...(spec.statusesByPath ? { byPath } : {}),
    ...(cpuAtStart && cpuAtEnd
      ? {
          cpu: Object.fromEntries(
            Object.entries(cpuAtEnd).map(([k, v]) => [k, v - cpuAtStart[k as keyof LoadCpu]]),
          ) as unknown as LoadCpu,
        }
      : {}),
  };
}

if (require.main === module) {
  process.once('message', (spec: LoadSpec) => {
    void (async () => {
      try {
        if (!spec.once && spec.warmupSeconds) await measure(spec, spec.warmupSeconds, false);
        const result = await measure(spec, spec.durationSeconds ?? 10, true);
        process.send!({ ok: true, result });
      } catch (err) {
        process.send!({ ok: false, error: err instanceof Error ? err.stack : String(err) });
      }
    })();
  });
}
