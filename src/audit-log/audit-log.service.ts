import { Injectable } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { ChangeEvent } from './change-event.entity';
import { ChangeLogCheckpoint } from './change-log-checkpoint.entity';
import { ChangeLogFilter, ChangeLogRepository, type PendingEntry } from './change-log.repository';
import { CheckpointSigner } from './checkpoint-signer';
import { CheckpointsRepository } from './checkpoints.repository';
import { compareWithLog, CurrentRow, ReplayMismatch } from './entity-replay';
import { chainHash, diffSnapshots, GENESIS_HASH } from './hash-chain';

export interface ChangeToRecord {
  action: string;
  entityType: string;
  entityId: string | number;
  /** The unit the record belongs to (for scoping who may read its history). */
  unitId: number | null;
  before?: object | null;
  after?: object | null;
  /** Extra facts that are not field changes (a reason, a decision), stored under `changes._note`. */
  note?: Record<string, unknown>;
}

export interface CheckpointView {
  seq: number;
  hash: string;
  createdAt: Date;
  keyId: string;
  signature: string;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  /** The first entry that does not fit; `checkpoint` names the signed checkpoint it contradicts. */
  firstBroken?: { seq: number; reason: string; checkpoint?: number };
  /** The signed checkpoints compared with the chain: how many, and the latest. */
  checkpoints: { checked: number; latest: CheckpointView | null };
}

const describeCheckpoint = (cp: ChangeLogCheckpoint) =>
  `checkpoint #${cp.seq} (signed ${cp.createdAt.toISOString()}, key ${cp.keyId})`;

@Injectable()
export class AuditLogService {
  /**
   * The request a transaction serves: the request id of the first change recorded in it by an actor acting in a
   * request. A rule's own change in that transaction (an automatic assessment, recorded as the system) carries it
   * too — read when the entries are sealed at commit, so whichever was recorded first.
   */
  private readonly requestOfTransaction = new WeakMap<QueryRunner, string>();

  constructor(
    private readonly changeLog: ChangeLogRepository,
    private readonly checkpoints: CheckpointsRepository,
    private readonly signer: CheckpointSigner,
  ) {}

  /**
   * Records one event of the caller's transaction; it is appended to the chain when the transaction commits (in the
   * order recorded, the head row locked only for the appends and the commit — change-log.repository.ts), and never
   * if it rolls back. The chain is a single line in commit order even with several service instances. What changed
   * is taken now (`before`/`after` may be changed by the caller afterwards); the entry's time is its append.
   */
  // async, so that a call outside a transaction rejects rather than throws.
  async record(manager: EntityManager, actor: Actor, change: ChangeToRecord): Promise<void> {
    this.changeLog.appendAtCommit(this.inTransaction(manager), this.sealer(manager, actor, change));
  }

  /**
   * Records one event and appends it now, with whatever the transaction recorded before it: the head stays locked
   * until commit, so nothing else enters the chain before this transaction's end. For a change that must name its
   * place in the chain (a locked 16号令 report freezes the chain's position its figures reflect).
   */
  async recordHoldingHead(
    manager: EntityManager,
    actor: Actor,
    change: ChangeToRecord,
  ): Promise<ChangeEvent> {
    this.changeLog.appendAtCommit(this.inTransaction(manager), this.sealer(manager, actor, change));
    return (await this.changeLog.appendPending(manager))!;
  }

  private inTransaction(manager: EntityManager): EntityManager {
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('AuditLogService.record must run inside a transaction');
    return manager;
  }

  /** The entry of a change, waiting for its place in the chain (the append gives it its seq, time and hashes). */
  private sealer(manager: EntityManager, actor: Actor, change: ChangeToRecord): PendingEntry {
    const changes: Record<string, unknown> = diffSnapshots(
      (change.before as Record<string, unknown>) ?? null,
      (change.after as Record<string, unknown>) ?? null,
    );
    if (change.note) changes._note = change.note;
    const runner = manager.queryRunner!;
    if (actor.requestId && !this.requestOfTransaction.has(runner))
      this.requestOfTransaction.set(runner, actor.requestId);
    return () => ({
      actorId: actor.id > 0 ? actor.id : null,
      actorName: actor.displayName,
      action: change.action,
      entityType: change.entityType,
      entityId: String(change.entityId),
      unitId: change.unitId ?? null,
      changes,
      requestId: actor.requestId ?? this.requestOfTransaction.get(runner) ?? null,
    });
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const head = await this.changeLog.head();
    return { seq: head.seq, hash: head.hash };
  }

  /**
   * Recomputes the whole chain in seq order and reports the first entry that does not fit; then checks every
   * signed checkpoint: its signature (with the key outside the database), that the chain still reaches it
   * (otherwise entries were removed from the end) and that its entry still has the hash it signed (otherwise the
   * chain was re-hashed from some entry onward).
   */
  async verify(batchSize = 5000): Promise<ChainVerification> {
    const head = await this.head();
    const checkpoints = await this.checkpoints.all();
    const summary = {
      checked: 0,
      latest: checkpoints.length ? view(checkpoints[checkpoints.length - 1]) : null,
    };
    const fail = (checked: number, firstBroken: ChainVerification['firstBroken']): ChainVerification => ({
      ok: false,
      checked,
      head,
      firstBroken,
      checkpoints: summary,
    });
    const hashesAt = new Map<number, string>();
    const wanted = new Set(checkpoints.map((c) => c.seq));
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const rows = await this.changeLog.batchFrom(expectedSeq, batchSize);
      for (const e of rows) {
        if (e.seq !== expectedSeq)
          return fail(checked, { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` });
        if (e.prevHash !== prevHash)
          return fail(checked, { seq: e.seq, reason: 'prevHash does not match the previous entry' });
        if (chainHash(prevHash, e) !== e.hash)
          return fail(checked, {
            seq: e.seq,
            reason: 'content does not match its hash (changed after it was written)',
          });
        if (wanted.has(e.seq)) hashesAt.set(e.seq, e.hash);
        prevHash = e.hash;
        expectedSeq++;
        checked++;
      }
      if (rows.length < batchSize) break;
    }
    if (checked !== head.seq || prevHash !== head.hash)
      return fail(checked, { seq: checked + 1, reason: 'the chain ends before the recorded head' });

    for (const cp of checkpoints) {
      if (!this.signer.verify(cp.seq, cp.hash, cp.createdAt, cp.signature))
        return fail(checked, {
          seq: cp.seq,
          checkpoint: cp.seq,
          reason: `${describeCheckpoint(cp)}: the signature does not verify with this installation's key (key ${this.signer.keyId()}) — the checkpoint was forged or altered, or AUDIT_SIGNING_KEY_FILE is not the key that signed it`,
        });
      if (cp.seq > checked)
        return fail(checked, {
          seq: checked + 1,
          checkpoint: cp.seq,
          reason: `the chain ends at #${checked}, but ${describeCheckpoint(cp)} vouches for entries up to #${cp.seq}: entries #${checked + 1}–#${cp.seq} were removed`,
        });
      if (hashesAt.get(cp.seq) !== cp.hash)
        return fail(checked, {
          seq: cp.seq,
          checkpoint: cp.seq,
          reason: `entry #${cp.seq} no longer has the hash ${describeCheckpoint(cp)} signed (${cp.hash.slice(0, 16)}…): the chain was re-hashed at or before #${cp.seq}`,
        });
      summary.checked++;
    }
    return { ok: true, checked, head, checkpoints: summary };
  }

  /**
   * Signs the current head and stores it as a checkpoint (unless the head has not moved since the last one, or
   * the log is empty). Returns the latest checkpoint.
   */
  async checkpoint(now: Date = new Date()): Promise<CheckpointView | null> {
    const head = await this.head();
    const latest = await this.checkpoints.latest();
    if (head.seq === 0 || (latest && latest.seq >= head.seq)) return latest ? view(latest) : null;
    const createdAt = new Date(Math.floor(now.getTime()));
    const cp: ChangeLogCheckpoint = {
      seq: head.seq,
      hash: head.hash,
      createdAt,
      keyId: this.signer.keyId(),
      signature: this.signer.sign(head.seq, head.hash, createdAt),
    };
    await this.checkpoints.insert(cp);
    const stored = await this.checkpoints.latest();
    return stored ? view(stored) : null;
  }

  async latestCheckpoint(): Promise<CheckpointView | null> {
    const latest = await this.checkpoints.latest();
    return latest ? view(latest) : null;
  }

  /**
   * Deep check of one batch of business rows against their history: each row must have events and each of
   * `fields` must equal what the latest event recorded (see compareWithLog).
   */
  async replay(entityType: string, fields: string[], rows: CurrentRow[]): Promise<ReplayMismatch[]> {
    if (!rows.length) return [];
    const log = await this.changeLog.latestValues(
      entityType,
      rows.map((r) => r.id),
      fields,
    );
    return compareWithLog(entityType, rows, fields, log);
  }

  /** An entity's history (or everything), limited to the actor's unit subtree inside the query. */
  async list(actor: Actor, filter: ChangeLogFilter) {
    const [items, total] = await this.changeLog.list(UnitScope.of(actor), filter);
    return { items, total };
  }
}

const view = (cp: ChangeLogCheckpoint): CheckpointView => ({
  seq: cp.seq,
  hash: cp.hash,
  createdAt: cp.createdAt,
  keyId: cp.keyId,
  signature: cp.signature,
});
