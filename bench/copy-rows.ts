/**
 * The generators' shared tools (generate.ts, generate-inspections.ts): reproducible "randomness", rows written with
 * `COPY … FROM STDIN`, and the hash-chained change log continued with the service's own chainHash.
 */
import pg from 'pg';
import { chainHash, diffSnapshots } from '../src/audit-log/hash-chain';

// ---------------------------------------------------------------- small helpers

/** A well-mixed 32-bit hash of (i, salt): the generator's only source of "randomness", so runs are reproducible. */
export function h32(i: number, salt: number): number {
  let x = Math.imul(i ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(salt + 0x7f4a7c15, 0x85ebca77);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
export const rnd = (i: number, salt: number) => h32(i, salt) / 4294967296;
export const pick = <T>(arr: readonly T[], i: number, salt: number): T => arr[h32(i, salt) % arr.length];
export const between = (i: number, salt: number, lo: number, hi: number) =>
  lo + (h32(i, salt) % (hi - lo + 1));

export const pgArray = (values: readonly (string | number)[]) =>
  `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

// ---------------------------------------------------------------- bulk insert

/** Rows for one table: a line of COPY text per row, built as the rows are pushed. */
export class Rows {
  private readonly lines: string[] = [];
  constructor(
    readonly table: string,
    readonly cols: string[],
  ) {}
  get length(): number {
    return this.lines.length;
  }
  push(...values: unknown[]): void {
    if (values.length !== this.cols.length) throw new Error(`${this.table}: ${values.length} values`);
    this.lines.push(values.map(copyValue).join('\t'));
  }
  /** Writes the rows with `COPY … FROM STDIN` (triggers, constraints and indexes all apply). */
  async copy(client: pg.PoolClient): Promise<void> {
    const copy = new CopyIn(
      `COPY "${this.table}" (${this.cols.map((c) => `"${c}"`).join(', ')}) FROM STDIN`,
      Buffer.from(this.lines.join('\n') + '\n'),
    );
    void client.query(copy as unknown as pg.QueryConfig);
    await copy.done;
  }
}

/** COPY text format: \N for null, backslash escapes for the four special characters. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const text = typeof v === 'boolean' ? (v ? 't' : 'f') : String(v);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

/**
 * `COPY … FROM STDIN` through node-pg's query interface (node-pg has no COPY helper of its own): the rows go to the
 * server as CopyData messages, cheaper for the server than parsing unnest() array parameters.
 */
class CopyIn {
  readonly done: Promise<void>;
  private settle!: (err?: Error) => void;
  private error?: Error;
  constructor(
    readonly text: string,
    private readonly payload: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = (err) => (err ? reject(err) : resolve())));
  }
  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void }): void {
    for (let i = 0; i < this.payload.length; i += 1 << 20)
      connection.sendCopyFromChunk(this.payload.subarray(i, i + (1 << 20)));
    connection.endCopyFrom();
  }
  handleError(err: Error): void {
    this.error = err;
  }
  handleReadyForQuery(): void {
    this.settle(this.error);
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

// ---------------------------------------------------------------- the change log

export interface EventDraft {
  at: number;
  actorId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string;
  unitId: number | null;
  changes: Record<string, unknown>;
}

export class Chain {
  constructor(
    public seq: number,
    public hash: string,
  ) {}

  /** Appends drafts in time order to `rows`, continuing the chain. */
  append(drafts: EventDraft[], rows: Rows): void {
    drafts.sort((a, b) => a.at - b.at);
    for (const d of drafts) {
      const seq = ++this.seq;
      const occurredAt = new Date(d.at);
      const prev = this.hash;
      this.hash = chainHash(prev, {
        seq,
        occurredAt,
        actorId: d.actorId,
        actorName: d.actorName,
        action: d.action,
        entityType: d.entityType,
        entityId: d.entityId,
        unitId: d.unitId,
        changes: d.changes,
        requestId: null,
      });
      rows.push(
        seq,
        occurredAt.toISOString(),
        d.actorId,
        d.actorName,
        d.action,
        d.entityType,
        d.entityId,
        d.unitId,
        JSON.stringify(d.changes),
        null,
        prev,
        this.hash,
      );
    }
  }
}

export const change = (before: object | null, after: object | null, note?: Record<string, unknown>) => {
  const c: Record<string, unknown> = diffSnapshots(
    before as Record<string, unknown> | null,
    after as Record<string, unknown> | null,
  );
  if (note) c._note = note;
  return c;
};

/** The change log's rows (change_events). */
export const eventRows = () =>
  new Rows('change_events', [
    'seq',
    'occurred_at',
    'actor_id',
    'actor_name',
    'action',
    'entity_type',
    'entity_id',
    'unit_id',
    'changes',
    'request_id',
    'prev_hash',
    'hash',
  ]);
