import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { currentRequestId } from '../common/http/request-context';
import { ChangeEvent } from './change-event.entity';
import { ChangeLogFilter, ChangeLogRepository } from './change-log.repository';
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

export interface ChainVerification {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  firstBroken?: { seq: number; reason: string };
}

@Injectable()
export class AuditLogService {
  constructor(private readonly changeLog: ChangeLogRepository) {}

  /**
   * Appends one event in the caller's transaction. Locking the head row serialises writers until commit, so the
   * chain is a single line in commit order even with several service instances.
   */
  async record(manager: EntityManager, actor: Actor, change: ChangeToRecord): Promise<ChangeEvent> {
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('AuditLogService.record must run inside a transaction');
    const head = await this.changeLog.lockHead(manager);
    const changes: Record<string, unknown> = diffSnapshots(
      (change.before as Record<string, unknown>) ?? null,
      (change.after as Record<string, unknown>) ?? null,
    );
    if (change.note) changes._note = change.note;
    const event = {
      seq: head.seq + 1,
      occurredAt: new Date(),
      actorId: actor.id > 0 ? actor.id : null,
      actorName: actor.displayName,
      action: change.action,
      entityType: change.entityType,
      entityId: String(change.entityId),
      unitId: change.unitId,
      changes: changes as ChangeEvent['changes'],
      requestId: currentRequestId(),
      prevHash: head.hash,
    } as ChangeEvent;
    event.hash = chainHash(head.hash, event);
    return this.changeLog.append(manager, event);
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const head = await this.changeLog.head();
    return { seq: head.seq, hash: head.hash };
  }

  /** Recomputes the whole chain in seq order and reports the first entry that does not fit. */
  async verify(batchSize = 5000): Promise<ChainVerification> {
    const head = await this.head();
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const rows = await this.changeLog.batchFrom(expectedSeq, batchSize);
      for (const e of rows) {
        if (e.seq !== expectedSeq)
          return {
            ok: false,
            checked,
            head,
            firstBroken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` },
          };
        if (e.prevHash !== prevHash)
          return {
            ok: false,
            checked,
            head,
            firstBroken: { seq: e.seq, reason: 'prevHash does not match the previous entry' },
          };
        if (chainHash(prevHash, e) !== e.hash)
          return {
            ok: false,
            checked,
            head,
            firstBroken: {
              seq: e.seq,
              reason: 'content does not match its hash (changed after it was written)',
            },
          };
        prevHash = e.hash;
        expectedSeq++;
        checked++;
      }
      if (rows.length < batchSize) break;
    }
    if (checked !== head.seq || prevHash !== head.hash) {
      return {
        ok: false,
        checked,
        head,
        firstBroken: { seq: checked + 1, reason: 'the chain ends before the recorded head' },
      };
    }
    return { ok: true, checked, head };
  }

  /** An entity's history (or everything), limited to the actor's unit subtree inside the query. */
  async list(actor: Actor, filter: ChangeLogFilter) {
    const [items, total] = await this.changeLog.list(UnitScope.of(actor), filter);
    return { items, total };
  }
}
