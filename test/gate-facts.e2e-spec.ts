import { In, type EntityManager } from 'typeorm';
import {
  AccountabilityRecord,
  CloseoutRecord,
  MechanismRecord,
  SatisfactionConfirmation,
  SweepRecord,
  Verification,
} from '../src/closeout/closeout.entities';
import { ACCOUNTABILITY_ACTION_LABEL } from '../src/closeout/closeout.enums';
import { SATISFACTION_CERTIFIERS } from '../src/closeout/closeout-records.service';
import { gateFactsOf, GateFactsRepository } from '../src/closeout/gate-facts.repository';
import type { GateFacts } from '../src/closeout/rules/closeout-gate';
import { UnitScope } from '../src/common/access/unit-scope';
import { Finding } from '../src/findings/entities/finding.entity';
import { FindingStatus } from '../src/findings/finding.enums';
import { Unit } from '../src/org/unit.entity';
import { ancestorIds } from '../src/org/unit-tree';
import { User } from '../src/users/user.entity';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The gate's facts as CloseoutService read them before issue 22 made them one statement: eight reads through each
 * module's repository, here as plain TypeORM reads. Similar findings come in code order now (before, in whatever
 * order PostgreSQL's plan gave them), so the old ones are sorted.
 */
async function factsAsBefore(m: EntityManager, f: Finding): Promise<GateFacts> {
  const where = { findingId: f.id };
  const units = (ids: number[]) =>
    m.getRepository(Unit).find({ where: { id: In([...new Set(ids)]) }, order: { path: 'ASC' } });
  const user = (id: number) => m.getRepository(User).findOneByOrFail({ id });

  const sweeps = await m.getRepository(SweepRecord).find({ where, order: { id: 'ASC' } });
  const mechanisms = await m.getRepository(MechanismRecord).find({ where, order: { id: 'ASC' } });
  const accountability = await m.getRepository(AccountabilityRecord).find({ where, order: { id: 'ASC' } });
  const satisfactions = await m
    .getRepository(SatisfactionConfirmation)
    .find({ where, order: { recordedAt: 'DESC', id: 'DESC' } });
  let satisfaction: SatisfactionConfirmation | null = null;
  for (const s of satisfactions) {
    const recorder = await user(s.recordedById);
    if (SATISFACTION_CERTIFIERS.some((r) => recorder.roles.includes(r))) {
      satisfaction = s;
      break;
    }
  }
  const names = new Map((await units(sweeps.flatMap((s) => s.checkedUnitIds))).map((u) => [u.id, u.name]));
  const own = await m.getRepository(Unit).findOneByOrFail({ id: f.unitId });
  const lineage = (await units(ancestorIds(own.path))).map((u) => ({
    path: u.path,
    kind: u.kind,
    name: u.name,
  }));

  const v = await m.getRepository(Verification).findOne({ where, order: { recordedAt: 'DESC', id: 'DESC' } });
  const latestVerification = v && {
    result: v.result,
    evidenceCount: v.evidenceIds.length,
    verifiedOn: v.verifiedOn,
    verifierName: (await user(v.verifierId)).displayName,
    verifierUnitPath: v.verifierUnitId ? (await units([v.verifierUnitId]))[0].path : null,
  };
  const similar = (await m.query(
    `SELECT f.code, f.status, u.path AS "unitPath" FROM findings f JOIN units u ON u.id = f.unit_id
      WHERE f.id IN (SELECT similar_to_id FROM finding_similar_links WHERE finding_id = $1
                     UNION SELECT finding_id FROM finding_similar_links WHERE similar_to_id = $1)`,
    [f.id],
  )) as { code: string; status: string; unitPath: string }[];

  let recurrence: GateFacts['recurrence'] = null;
  if (f.recurrenceOfId) {
    const earlier = await m.getRepository(Finding).findOneByOrFail({ id: f.recurrenceOfId });
    const both = await units([f.unitId, earlier.unitId]);
    const ancestry = await units(both.flatMap((u) => ancestorIds(u.path)));
    recurrence = {
      earlierCode: earlier.code,
      personsToCover: [
        earlier.responsiblePerson,
        ...(earlier.responsibleLeader ? [earlier.responsibleLeader] : []),
      ],
      unitNames: ancestry.flatMap((u) => [u.name, ...(u.aliases ?? [])]),
    };
  }
  return {
    responsibleLineage: lineage,
    latestVerification,
    sweeps: sweeps.map((s) => ({
      checkedUnitNames: s.checkedUnitIds.map((id) => names.get(id) ?? String(id)),
      result: s.result,
      recordedOn: s.sweptOn,
    })),
    similarFindings: similar.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    mechanisms: mechanisms.map((x) => ({ kind: x.kind, title: x.title, documentNumber: x.documentNumber })),
    accountability: accountability.map((a) => ({
      kind: a.kind,
      personName: a.personName,
      actionLabel: a.action
        ? `${ACCOUNTABILITY_ACTION_LABEL[a.action]}${a.amountYuan ? ` ${a.amountYuan} 元` : ''}`
        : null,
    })),
    recurrence,
    latestSatisfaction: satisfaction && {
      satisfied: satisfaction.satisfied,
      representatives: satisfaction.representatives,
      method: satisfaction.method,
      confirmedOn: satisfaction.confirmedOn,
    },
  };
}

describe('Issue 22: the close-out gate reads its facts in one statement', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads for every demo finding the facts the eight reads gave, in and out of a transaction', async () => {
    const m = t.db.manager;
    const gateFacts = t.app.get(GateFactsRepository);
    // What the demo lacks: a second confirmation by the group, later than its first (the latest counts); a
    // confirmation a unit recorded itself after those (passed over); fines.
    await m.query(
      `INSERT INTO satisfaction_confirmations (finding_id, representatives, confirmed_on, satisfied, recorded_by_id, recorded_at, method)
       SELECT c.finding_id, '复核座谈：职工代表 5 人', c.confirmed_on, NOT c.satisfied, c.recorded_by_id,
              c.recorded_at + interval '30 minutes', '座谈'
         FROM satisfaction_confirmations c JOIN users u ON u.id = c.recorded_by_id
        WHERE u.roles::text[] && $1::text[]
        ORDER BY c.recorded_at DESC LIMIT 4`,
      [SATISFACTION_CERTIFIERS],
    );
    await m.query(
      `INSERT INTO satisfaction_confirmations (finding_id, representatives, confirmed_on, satisfied, recorded_by_id, recorded_at, method)
       SELECT c.finding_id, '车间自述', c.confirmed_on, NOT c.satisfied,
              (SELECT u.id FROM users u WHERE NOT (u.roles::text[] && $1::text[]) ORDER BY u.id LIMIT 1),
              c.recorded_at + interval '1 hour', NULL
         FROM satisfaction_confirmations c WHERE c.id IN (SELECT min(id) FROM satisfaction_confirmations GROUP BY finding_id)
        ORDER BY c.id LIMIT 4`,
      [SATISFACTION_CERTIFIERS],
    );
    await m.query(
      `INSERT INTO accountability_records (finding_id, kind, person_name, action, amount_yuan, decided_by, decided_on, recorded_by_id)
       SELECT a.finding_id, 'ACTION', '王某', 'ECONOMIC', 800, a.decided_by, a.decided_on, a.recorded_by_id
         FROM accountability_records a ORDER BY a.id LIMIT 3`,
    );
    const findings = await m.getRepository(Finding).find({ order: { id: 'ASC' } });
    const seen = {
      verification: 0,
      sweeps: 0,
      similar: 0,
      recurrence: 0,
      satisfaction: 0,
      reconfirmed: 0,
      passedOver: 0,
      fines: 0,
      closed: 0,
    };
    for (const f of findings) {
      const before = await factsAsBefore(m, f);
      const now = gateFactsOf(await gateFacts.read(m, f, SATISFACTION_CERTIFIERS));
      expect({ code: f.code, ...now }).toEqual({ code: f.code, ...before });
      if (f.id % 7 === 0)
        await t.db.transaction(async (tx) =>
          expect(gateFactsOf(await gateFacts.read(tx, f, SATISFACTION_CERTIFIERS))).toEqual(before),
        );
      // GET …/closeout reads the finding in scope with its facts in one statement: the same facts, the close-out
      // record of a closed finding, nothing outside the scope.
      const unitPath = (await m.getRepository(Unit).findOneByOrFail({ id: f.unitId })).path;
      for (const scope of [UnitScope.ORGANISATION, UnitScope.ofHome(false, unitPath)]) {
        const g = await gateFacts.readInScope(scope, f.id, SATISFACTION_CERTIFIERS);
        expect(g && { code: g.code, status: g.status, ...gateFactsOf(g) }).toEqual({
          code: f.code,
          status: f.status,
          ...before,
        });
        const record = await m.getRepository(CloseoutRecord).findOneBy({ findingId: f.id });
        expect(g!.closeout && { ...g!.closeout, closedAt: new Date(g!.closeout.closedAt) }).toEqual(
          f.status === FindingStatus.CLOSED && record
            ? { closedAt: record.closedAt, closedByName: record.closedByName, rules: record.rules }
            : null,
        );
        if (g!.closeout) seen.closed++;
      }
      const sibling = unitPath.replace(/\d+\/$/, '0/');
      expect(
        await gateFacts.readInScope(UnitScope.ofHome(false, sibling), f.id, SATISFACTION_CERTIFIERS),
      ).toBeNull();
      if (before.latestVerification) seen.verification++;
      if (before.sweeps.length) seen.sweeps++;
      if (before.similarFindings.length) seen.similar++;
      if (before.recurrence) seen.recurrence++;
      if (before.latestSatisfaction) seen.satisfaction++;
      if (before.latestSatisfaction?.method === '座谈') seen.reconfirmed++;
      if (before.accountability.some((a) => a.actionLabel?.endsWith('元'))) seen.fines++;
    }
    // Confirmations a unit recorded itself are passed over for an earlier certified one (or none).
    const uncertified = (await m.query(
      `SELECT count(DISTINCT c.finding_id)::int AS n FROM satisfaction_confirmations c JOIN users u ON u.id = c.recorded_by_id
        WHERE NOT (u.roles::text[] && $1::text[])`,
      [SATISFACTION_CERTIFIERS],
    )) as { n: number }[];
    seen.passedOver = uncertified[0].n;
    expect(findings.length).toBeGreaterThan(50);
    for (const [fact, n] of Object.entries(seen)) expect([fact, n > 0]).toEqual([fact, true]);
  });
});
