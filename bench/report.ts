/** The bench's results, as JSON and as the markdown tables printed on stdout and kept in bench/results/LATEST.md. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { LoadResult } from './load';

export interface Target {
  text: string;
  met: boolean | null;
  /** Why, when missed (short). */
  why?: string;
}

export interface ScenarioResult {
  id: string;
  name: string;
  size: number;
  connections: number;
  /** What the request reads, e.g. "312 of the subtree's findings". */
  detail: string;
  service: LoadResult;
  bare?: LoadResult;
  /** service req/s ÷ bare req/s */
  ratio?: number;
  /** The best handler we could write for the same answer (best-server.ts), where it is built. */
  best?: LoadResult;
  /** service req/s ÷ best req/s */
  bestRatio?: number;
  targets: Target[];
  /** The 1-minute load average when the scenario started (other work on the machine skews every figure). */
  loadAtStart?: number;
  /**
   * Each handler's req/s in every interleaved round (service, bare, best, then again), where the scenario ran more
   * than one; the figures above are each handler's median round.
   */
  rounds?: { service: number[]; bare?: number[]; best?: number[] };
}

export interface PdfResult {
  name: string;
  size: number;
  filter: string;
  rows: number;
  service: { coldMs: number; warmMs: number; bytes: number; baselineRssMb: number; peakRssMb: number };
  alone: {
    rows: number;
    pages: number;
    bytes: number;
    queryMs: number;
    coldDrawMs: number;
    drawMs: number;
    peakRssMb: number;
  };
  /** Headless Chromium printing the same table (pdf-chromium.ts); peak RSS summed over its processes. */
  chromium?: {
    rows: number;
    pages: number;
    bytes: number;
    queryMs: number;
    coldMs: number;
    warmMs: number;
    peakRssMb: number;
  };
  loadAtStart?: number;
  targets: Target[];
}

/** `npm start` to health 200 on an existing database (the second start: nothing to build). */
export interface StartResult {
  firstMs: number;
  secondMs: number;
  loadAtStart: number;
  targets: Target[];
}

export interface TransitionSide {
  findings: number;
  requests: number;
  seconds: number;
  transitionsPerSecond: number;
  latencyMs: LoadResult['latencyMs'];
  /** Findings whose two concurrent submissions gave exactly one 200 and one 409. */
  exactlyOnce: number;
  statuses: Record<string, number>;
  /** From the database afterwards: findings now PENDING_VERIFICATION with exactly one new summary. */
  verifiedInDb: number;
  lateAssessments: number;
  /**
   * CPU per transition (ms) from the first request to the last answer: the handler's own process, every PostgreSQL
   * process, the load client's process and the whole machine (those three and anything else running). Where a
   * transition's time goes (issue 22). Results from before 2026-12-07 have only `handler` and `machine`, read around
   * the whole load test, the load client's start included.
   */
  cpuMsPerTransition?: { handler: number; machine: number; postgres?: number; loadClient?: number };
  /** The handler's process per transition: user and kernel CPU (ms) and write system calls. */
  handlerPerTransition?: { userMs: number; systemMs: number; writeCalls: number };
  /** The findings submitted first, unmeasured (a fresh process's code is not optimised yet): checked all the same. */
  warmUp?: Pick<TransitionSide, 'findings' | 'exactlyOnce' | 'verifiedInDb' | 'transitionsPerSecond'> & {
    /** Transitions/s of each warm-up pass over the same findings (returned for rework between passes). */
    passes?: number[];
  };
  /** While being built: the rates of the side's warm-up passes, first one first. */
  warmUpPasses?: number[];
  /** Transitions/s of each interleaved round, in the order run (the side's figure is the median round's). */
  rounds?: number[];
}

/** The handler's user and kernel CPU and write calls per transition, for the table and the progress line. */
export const handlerCountersText = (side: TransitionSide) =>
  side.handlerPerTransition
    ? ` (handler: user ${side.handlerPerTransition.userMs} ms, kernel ${side.handlerPerTransition.systemMs} ms, ${side.handlerPerTransition.writeCalls} write calls)`
    : '';

/** "handler / PostgreSQL / load client / machine" ms per transition (older results: "handler / machine"). */
export const cpuSplitText = (side: TransitionSide) => {
  const c = side.cpuMsPerTransition;
  if (!c) return '—';
  return c.postgres === undefined
    ? `${c.handler} / ${c.machine}`
    : `${c.handler} / ${c.postgres} / ${c.loadClient} / ${c.machine}`;
};

const cpuPair = (side: TransitionSide) => `${cpuSplitText(side)} ms${handlerCountersText(side)}`;

export interface TransitionResult {
  size: number;
  service: TransitionSide;
  bare: TransitionSide;
  ratio: number;
  /** The bare handler's SQL without the chain lock (BARE_CHAIN=unlocked): what the lock costs. */
  unlocked?: TransitionSide;
  /** service transitions/s ÷ unlocked transitions/s */
  unlockedRatio?: number;
  targets: Target[];
}

/**
 * 重要危险源 (issue 20): the month's schedule for every source, made twice through the office's endpoint
 * (POST /checklist-templates/schedule, the daily job's generateIn), in a fresh service process.
 */
export interface ScheduleResult {
  size: number;
  /** Active sources the schedule considers. */
  sources: number;
  from: string;
  to: string;
  loadAtStart: number;
  first: { added: number; ms: number };
  second: { added: number; ms: number };
  /** Tasks of the range in the database after each run (by due_from). */
  inDb: { before: number; afterFirst: number; afterSecond: number };
  baselineRssMb: number;
  peakRssMb: number;
  targets: Target[];
}

/** One source's 检查台账 for a year, PDF or .xlsx: a fresh service process, a first and a warm request. */
export interface InspectionLedgerResult {
  format: 'PDF' | 'xlsx';
  size: number;
  source: string;
  from: string;
  to: string;
  /** Inspections (ledger lines), items answered and failed items in them. */
  lines: number;
  answers: number;
  failed: number;
  loadAtStart: number;
  coldMs: number;
  warmMs: number;
  bytes: number;
  pages?: number;
  baselineRssMb: number;
  peakRssMb: number;
  targets: Target[];
}

export interface LoadStage {
  fromFindings: number;
  toFindings: number;
  seconds: number;
  rows: number;
  rowsPerSecond: number;
  vacuumSeconds: number;
  byTable: Record<string, number>;
}

export interface GrowthPoint {
  rps: number;
  p50: number;
  p99: number;
}

export interface GrowthRow {
  id: string;
  name: string;
  /** Each size's own scenario (measured when that size was loaded). */
  bySize: ({ size: number } & GrowthPoint)[];
  /** Time per request at 1M ÷ at 100k (1 ÷ req/s): from `interleaved` where measured, else from `bySize`. */
  costRatio: number | null;
  /**
   * Both sizes measured side by side at the end (a service on a copy of the database at 100k, one on the 1M
   * database; interleaved rounds, each side's median round).
   */
  interleaved?: {
    id: string;
    sizes: [number, number];
    rps: [number[], number[]];
    median: [GrowthPoint, GrowthPoint];
    loadAtStart: number;
  };
  target: Target;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  date: string;
}

export interface Results {
  machine: Machine;
  startedAt: string;
  totalSeconds: number;
  sizes: number[];
  load: LoadStage[];
  sqlParity: { scenario: string; same: boolean; service: number; bare: number; difference?: string }[];
  chainVerified: { size: number; when: string; ok: boolean; checked: number }[];
  scenarios: ScenarioResult[];
  transitions?: TransitionResult;
  pdf: PdfResult[];
  inspections?: { schedule?: ScheduleResult; ledgers: InspectionLedgerResult[] };
  start?: StartResult;
  growth: GrowthRow[];
  notes: string[];
}

export function machineFacts(postgres: string, postgresSettings: Record<string, string>): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const osRelease = (() => {
    try {
      return /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
    } catch {
      return os.type();
    }
  })();
  return {
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${osRelease} (Linux ${os.release()})`,
    node: process.version,
    postgres,
    postgresSettings,
    date: new Date().toISOString(),
  };
}

const n0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const ms = (n: number | null) =>
  n === null || !Number.isFinite(n) ? '—' : n < 10 ? n.toFixed(1) : Math.round(n).toString();
const k = (size: number) => (size >= 1_000_000 ? `${size / 1_000_000}M` : `${Math.round(size / 1000)}k`);
/**
 * "yes" only when every target was measured and met; a target with nothing to compare (e.g. growth with one size)
 * is "not measured", never a silent yes.
 */
const met = (targets: Target[]) => {
  if (targets.length === 0) return '—';
  const missed = targets.filter((t) => t.met === false);
  if (missed.length) return `**no**: ${missed.map((t) => t.why ?? t.text).join('; ')}`;
  const unmeasured = targets.filter((t) => t.met === null).length;
  if (unmeasured === targets.length) return 'not measured';
  return unmeasured ? `yes (${unmeasured} not measured)` : 'yes';
};

export function markdown(r: Results): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`# Rectify bench — ${m.date.slice(0, 10)}`, '');
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM; ${m.os}; Node ${m.node}; ${m.postgres} ` +
      `(${Object.entries(m.postgresSettings)
        .map(([key, v]) => `${key}=${v}`)
        .join(
          ', ',
        )}). Whole run: ${Math.round(r.totalSeconds / 60)} min ${Math.round(r.totalSeconds % 60)} s.`,
    '',
  );

  out.push('## Data load', '');
  out.push(
    '| stage | findings | rows written | seconds | rows/s | VACUUM ANALYZE s |',
    '|---|---|---|---|---|---|',
  );
  for (const s of r.load)
    out.push(
      `| ${k(s.fromFindings)} → ${k(s.toFindings)} | ${n0(s.toFindings - s.fromFindings)} | ${n0(s.rows)} | ${s.seconds.toFixed(1)} | ${n0(s.rowsPerSecond)} | ${s.vacuumSeconds.toFixed(1)} |`,
    );
  out.push('');

  out.push(
    '## Scenarios (service vs two references: the bare node:http + pg handler running the same SQL, and the best handler we could write for the same answer)',
    '',
  );
  out.push(
    '| # | scenario | findings | clients | what it reads | load at start | service req/s | p50 ms | p99 ms | bare req/s | bare p50 | bare p99 | service ÷ bare | best req/s | best p99 | service ÷ best | target | met? |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const s of r.scenarios) {
    const b = s.bare;
    const x = s.best;
    out.push(
      `| ${s.id} | ${s.name} | ${k(s.size)} | ${s.connections} | ${s.detail} | ${s.loadAtStart?.toFixed(2) ?? '—'} | ${n0(s.service.rps)} | ${ms(s.service.latencyMs.p50)} | ${ms(s.service.latencyMs.p99)} | ${b ? n0(b.rps) : '—'} | ${b ? ms(b.latencyMs.p50) : '—'} | ${b ? ms(b.latencyMs.p99) : '—'} | ${s.ratio !== undefined ? `${Math.round(s.ratio * 100)}%` : '—'} | ${x ? n0(x.rps) : 'not built'} | ${x ? ms(x.latencyMs.p99) : '—'} | ${s.bestRatio !== undefined ? `${Math.round(s.bestRatio * 100)}%` : '—'} | ${s.targets.map((t) => t.text).join('; ') || '—'} | ${met(s.targets)} |`,
    );
  }
  const rounded = r.scenarios.filter((s) => s.rounds);
  if (rounded.length) {
    const rps = (xs?: number[]) => (xs ? xs.map(n0).join(' / ') : '—');
    out.push(
      '',
      `Interleaved rounds (req/s per round; each handler's figures above are its median round): ${rounded
        .map(
          (s) =>
            `${s.id} @${k(s.size)}: service ${rps(s.rounds!.service)}, bare ${rps(s.rounds!.bare)}, best ${rps(s.rounds!.best)}`,
        )
        .join('; ')}.`,
    );
  }
  const t = r.transitions;
  if (t)
    out.push(
      `| 3b | Lifecycle: summary → PENDING_VERIFICATION, each finding submitted twice at once | ${k(t.size)} | 32 | ${t.service.findings} findings (service), ${t.bare.findings} (bare)${t.unlocked ? `, ${t.unlocked.findings} (bare without the chain lock)` : ''} | — | ${n0(t.service.transitionsPerSecond)} transitions/s | ${ms(t.service.latencyMs.p50)} | ${ms(t.service.latencyMs.p99)} | ${n0(t.bare.transitionsPerSecond)} | ${ms(t.bare.latencyMs.p50)} | ${ms(t.bare.latencyMs.p99)} | ${Math.round(t.ratio * 100)}% | ${t.unlocked ? `${n0(t.unlocked.transitionsPerSecond)} (bare without the chain lock)` : '—'} | ${t.unlocked ? ms(t.unlocked.latencyMs.p99) : '—'} | ${t.unlockedRatio !== undefined ? `${Math.round(t.unlockedRatio * 100)}%` : '—'} | ${t.targets.map((x) => x.text).join('; ')} | ${met(t.targets)} |`,
    );
  out.push('');
  if (t)
    out.push(
      `Transitions: service ${t.service.exactlyOnce}/${t.service.findings} findings got exactly one 200 and one 409, ` +
        `${t.service.verifiedInDb} verified in the database (PENDING_VERIFICATION, one new summary), ${t.service.lateAssessments} late-rectification assessments; ` +
        `bare ${t.bare.exactlyOnce}/${t.bare.findings}, ${t.bare.verifiedInDb} verified` +
        (t.unlocked
          ? `; bare without the chain lock ${t.unlocked.exactlyOnce}/${t.unlocked.findings}, ${t.unlocked.verifiedInDb} verified (its events go to a copy of the table holding the log's entries, change_events_unlocked, and the head row is not touched: the best a chain-less log could do)`
          : '') +
        `. Statuses: service ${JSON.stringify(t.service.statuses)}, bare ${JSON.stringify(t.bare.statuses)}.` +
        (t.service.warmUp
          ? ` Before the measurement, each side submitted ${t.service.warmUp.findings} other findings the same way, unmeasured (a fresh process runs unoptimised code at first)` +
            (t.service.warmUp.passes && t.service.warmUp.passes.length > 1
              ? `, ${t.service.warmUp.passes.length} times over (returned by a supervisor's 复查未通过 between passes; the rates of the passes: ` +
                (
                  [
                    ['service', t.service],
                    ['bare', t.bare],
                    ['bare without the chain lock', t.unlocked],
                  ] as [string, TransitionSide | undefined][]
                )
                  .filter((x): x is [string, TransitionSide] => !!x[1]?.warmUp?.passes)
                  .map(([name, x]) => `${name} ${x.warmUp!.passes!.join(' / ')}/s`)
                  .join('; ') +
                '); the first pass'
              : '') +
            ': ' +
            (
              [
                ['service', t.service],
                ['bare', t.bare],
                ['bare without the chain lock', t.unlocked],
              ] as [string, TransitionSide | undefined][]
            )
              .filter((x): x is [string, TransitionSide] => !!x[1]?.warmUp)
              .map(
                ([name, x]) =>
                  `${name} ${x.warmUp!.transitionsPerSecond}/s, ${x.warmUp!.exactlyOnce}/${x.warmUp!.findings} exactly once`,
              )
              .join('; ') +
            '.'
          : '') +
        (t.service.rounds
          ? ` Measured in ${t.service.rounds.length} interleaved rounds (service, bare, unlocked, then the reverse order), each side's rate its median round's: ` +
            (
              [
                ['service', t.service],
                ['bare', t.bare],
                ['bare without the chain lock', t.unlocked],
              ] as [string, TransitionSide | undefined][]
            )
              .filter((x): x is [string, TransitionSide] => !!x[1]?.rounds)
              .map(([name, x]) => `${name} ${x.rounds!.join(' / ')}/s`)
              .join('; ') +
            '.'
          : '') +
        (t.service.cpuMsPerTransition && t.bare.cpuMsPerTransition
          ? ` CPU per transition (its 200 and its 409), ${t.service.cpuMsPerTransition.postgres === undefined ? "the handler's process / the whole machine" : "from the first request to the last answer, the handler's process / PostgreSQL / the load client / the whole machine"}: service ${cpuPair(t.service)}, bare ${cpuPair(t.bare)}` +
            (t.unlocked?.cpuMsPerTransition ? `, bare without the chain lock ${cpuPair(t.unlocked)}` : '') +
            ' (2 cores: the machine can give 2,000 ms of CPU a second).'
          : ''),
      '',
    );

  out.push(
    '## Printed ledgers (a fresh service process per ledger; pdfkit alone and headless Chromium each in their own process)',
    '',
  );
  out.push(
    '| ledger | findings | filter | rows | load at start | service time (warm / first) | service peak RSS (at start) | pdfkit alone: query + draw (warm / first draw) | pdfkit alone peak RSS | Chromium page.pdf(): query + HTML + print (warm / first) | Chromium peak RSS (all its processes) | pages (ours / Chromium) | target | met? |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const p of r.pdf)
    out.push(
      `| ${p.name} | ${k(p.size)} | ${p.filter} | ${n0(p.rows)} | ${p.loadAtStart?.toFixed(1) ?? '—'} | ${(p.service.warmMs / 1000).toFixed(2)} s / ${(p.service.coldMs / 1000).toFixed(2)} s | ${Math.round(p.service.peakRssMb)} MB (${Math.round(p.service.baselineRssMb)} MB) | ${((p.alone.queryMs + p.alone.drawMs) / 1000).toFixed(2)} s / ${(p.alone.coldDrawMs / 1000).toFixed(2)} s | ${Math.round(p.alone.peakRssMb)} MB | ${p.chromium ? `${(p.chromium.warmMs / 1000).toFixed(2)} s / ${(p.chromium.coldMs / 1000).toFixed(2)} s` : '—'} | ${p.chromium ? `${Math.round(p.chromium.peakRssMb)} MB` : '—'} | ${p.alone.pages} / ${p.chromium?.pages ?? '—'} | ${p.targets.map((x) => x.text).join('; ') || '—'} | ${met(p.targets)} |`,
    );
  out.push('');
  if (r.inspections) inspectionTables(out, r.inspections);
  if (r.start) {
    out.push('## Start (`npm start` to the first 200 of /api/v1/health, existing database)', '');
    out.push('| start | load at start | time | target | met? |', '|---|---|---|---|---|');
    out.push(
      `| first (builds if dist/ is stale) | ${r.start.loadAtStart.toFixed(1)} | ${(r.start.firstMs / 1000).toFixed(2)} s | — | — |`,
      `| second (nothing changed: no build) | ${r.start.loadAtStart.toFixed(1)} | ${(r.start.secondMs / 1000).toFixed(2)} s | ${r.start.targets.map((x) => x.text).join('; ')} | ${met(r.start.targets)} |`,
      '',
    );
  }

  if (r.growth.length) {
    const sizes = r.sizes;
    out.push('## Growth (req/s and p99; cost = time per request = 1 ÷ req/s)', '');
    out.push(
      `| # | scenario | ${sizes.map((s) => `${k(s)}: req/s · p99 ms`).join(' | ')} | cost 1M ÷ 100k | target | met? |`,
      `|---|---|${sizes.map(() => '---').join('|')}|---|---|---|`,
    );
    for (const g of r.growth)
      out.push(
        `| ${g.id} | ${g.name} | ${sizes
          .map((s) => {
            const x = g.bySize.find((b) => b.size === s);
            return x ? `${n0(x.rps)} · ${ms(x.p99)}` : '—';
          })
          .join(
            ' | ',
          )} | ${g.costRatio === null ? '—' : `${g.costRatio.toFixed(2)}×`} | ${g.target.text} | ${met([g.target])} |`,
      );
    out.push('');
    const interleaved = r.growth.filter((g) => g.interleaved);
    if (interleaved.length)
      out.push(
        `Cost from interleaved rounds at the end (a service on a copy of the database at ${k(interleaved[0].interleaved!.sizes[0])} beside one on ${k(interleaved[0].interleaved!.sizes[1])}, alternating; req/s per round): ` +
          interleaved
            .map(
              (g) =>
                `${g.id} ${g.interleaved!.rps[0].map(n0).join(' / ')} against ${g.interleaved!.rps[1].map(n0).join(' / ')} (p99 ${ms(g.interleaved!.median[0].p99)} against ${ms(g.interleaved!.median[1].p99)} ms)`,
            )
            .join('; ') +
          ". The columns per size are each size's own scenario, measured when it was loaded.",
        '',
      );
  }

  out.push('## Checks', '');
  out.push(
    `- Same SQL: ${r.sqlParity.length ? r.sqlParity.map((p) => `${p.scenario} ${p.same ? '✓' : `✗ (${p.difference})`} (${p.service}/${p.bare} statements)`).join(', ') : 'not checked'}.`,
  );
  out.push(
    `- Change log (GET /audit-log/verify): ${r.chainVerified.map((c) => `${k(c.size)} ${c.when}: ${c.ok ? 'verified' : '**broken**'} (${n0(c.checked)} entries)`).join(', ') || 'not checked'}.`,
  );
  for (const note of r.notes) out.push(`- ${note}`);
  out.push('');
  return out.join('\n');
}

/** The 重要危险源 tables (issue 20): the month's schedule, and one source's ledger for a year. */
function inspectionTables(out: string[], i: NonNullable<Results['inspections']>): void {
  const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mb = (x: { peakRssMb: number; baselineRssMb: number }) =>
    `${Math.round(x.peakRssMb)} MB (${Math.round(x.baselineRssMb)} MB)`;
  const s = i.schedule;
  if (s) {
    out.push(
      "## 重要危险源: schedule generation (POST /checklist-templates/schedule, the daily job's code; a fresh service process)",
      '',
    );
    out.push(
      '| # | scenario | findings | sources | range | load at start | first run: tasks made · time | second run: tasks made · time | tasks of the range in the database (before → first → second) | service peak RSS (at start) | target | met? |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
    );
    out.push(
      `| 9a | Schedule a month | ${k(s.size)} | ${n0(s.sources)} active | ${s.from} – ${s.to} | ${s.loadAtStart.toFixed(1)} | ${n0(s.first.added)} · ${sec(s.first.ms)} | ${n0(s.second.added)} · ${sec(s.second.ms)} | ${n0(s.inDb.before)} → ${n0(s.inDb.afterFirst)} → ${n0(s.inDb.afterSecond)} | ${mb(s)} | ${s.targets.map((t) => t.text).join('; ')} | ${met(s.targets)} |`,
      '',
    );
  }
  if (i.ledgers.length) {
    out.push(
      '## 重要危险源: inspection ledger of one source for a year (a fresh service process per format)',
      '',
    );
    out.push(
      '| # | ledger | findings | source · range | inspections (lines) · items answered · failed | load at start | service time (warm / first) | size | service peak RSS (at start) | target | met? |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const l of i.ledgers)
      out.push(
        `| ${l.format === 'PDF' ? '9b' : '9c'} | 检查台账 ${l.format} | ${k(l.size)} | ${l.source} · ${l.from} – ${l.to} | ${n0(l.lines)} · ${n0(l.answers)} · ${n0(l.failed)} | ${l.loadAtStart.toFixed(1)} | ${sec(l.warmMs)} / ${sec(l.coldMs)} | ${n0(l.bytes / 1024)} KB${l.pages ? `, ${l.pages} pages` : ''} | ${mb(l)} | ${l.targets.map((t) => t.text).join('; ')} | ${met(l.targets)} |`,
      );
    out.push('');
  }
}
