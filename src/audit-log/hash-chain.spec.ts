import { createHash } from 'node:crypto';
import {
  canonicalJson,
  type ChainedFields,
  chainHash,
  chainTextParts,
  diffSnapshots,
  GENESIS_HASH,
} from './hash-chain';

describe('change-log hash chain', () => {
  const entry: ChainedFields = {
    seq: 1,
    occurredAt: new Date('2023-02-13T02:00:00.000Z'),
    actorId: 7,
    actorName: '张安全',
    action: 'UPDATE',
    entityType: 'Unit',
    entityId: '12',
    unitId: 12,
    changes: { name: { before: '热电厂', after: '热电分厂' } },
    requestId: 'req-1',
  };

  it('serialises objects with sorted keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });

  it('gives the same hash for the same entry and a different one for any change', () => {
    const h = chainHash(GENESIS_HASH, entry);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...entry })).toBe(h);
    expect(
      chainHash(GENESIS_HASH, { ...entry, changes: { name: { before: '热电厂', after: '热电分厂 ' } } }),
    ).not.toBe(h);
    expect(chainHash(GENESIS_HASH, { ...entry, actorId: 8 })).not.toBe(h);
    expect(chainHash('1'.repeat(64), entry)).not.toBe(h);
  });

  it('cuts the hashed text into the parts around the time and the seq, even when the content holds those keys', () => {
    const placed = (e: ChainedFields) => {
      const { seq, occurredAt, ...unplaced } = e;
      const [p0, p1, p2] = chainTextParts(unplaced);
      // What append_change_events hashes in the database.
      const text = p0 + occurredAt.toISOString() + p1 + String(seq) + p2;
      return createHash('sha256')
        .update(GENESIS_HASH + text)
        .digest('hex');
    };
    expect(placed(entry)).toBe(chainHash(GENESIS_HASH, entry));
    const awkward = {
      ...entry,
      seq: 123456789,
      occurredAt: new Date('2026-12-06T23:59:59.999Z'),
      actorId: null,
      unitId: null,
      requestId: '"occurredAt":"x","seq":1',
      changes: {
        seq: { before: 1, after: 2 },
        occurredAt: { before: '"seq":', after: '"occurredAt":"' },
        _note: { text: '整改\n完成 "seq":3 \u2028' },
      },
    };
    expect(placed(awkward)).toBe(chainHash(GENESIS_HASH, awkward));
    expect(placed({ ...awkward, seq: 7 })).not.toBe(chainHash(GENESIS_HASH, awkward));
  });

  it('records only changed fields, and redacts password hashes', () => {
    expect(diffSnapshots({ name: 'a', code: 'X', version: 1 }, { name: 'b', code: 'X', version: 2 })).toEqual(
      {
        name: { before: 'a', after: 'b' },
      },
    );
    expect(diffSnapshots(null, { passwordHash: 'secret' })).toEqual({
      passwordHash: { before: null, after: '[redacted]' },
    });
  });
});
