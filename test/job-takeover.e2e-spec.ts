import { INestApplication } from '@nestjs/common';
import { Transactions } from '../src/common/persistence/transactions';
import { LatenessAssessmentsService } from '../src/findings/lateness-assessments.service';
import { LatenessRepository } from '../src/findings/lateness.repository';
import { JobRuns } from '../src/jobs/job-runs';
import { OutboxWorker } from '../src/notifications/outbox.worker';
import { ReminderLadderService } from '../src/notifications/reminder-ladder.service';
import { buildRound, COMPLETE_PLAN } from './support/findings-fixture';
import { buildOrg, OrgFixture } from './support/org-fixture';
import { startInstancesWithMail } from './support/mail-instances';
import type { TestApp } from './support/test-app';

type Instances = Awaited<ReturnType<typeof startInstancesWithMail>>;

interface Item {
  kind: string;
  body: string;
}
interface Claim {
  claimed_by: string;
  finished: boolean;
}

/**
 * A daily job whose instance dies midway (a crash, a deploy's kill at 09:00) does not leave the rest of the day's
 * work to the next day: its claim is leased (JOB_LEASE_SECONDS, 10 minutes), and once the lease ran out unfinished
 * the next tick of any instance takes the run over and does the rest — each reminder sent and each lateness assessed
 * once. A claim still within its lease is left alone: its instance may still be at work.
 */
describe('A daily job taken over the same day when its instance died midway', () => {
  let t: TestApp;
  let second: INestApplication; // another instance of the service on the same database
  let smtp: Instances['smtp'];
  let instances: Instances | undefined;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  const OFFICER_MAIL = 'rdfc.anquan@plant.example';

  const at = (iso: string) => instances!.at(iso);
  /** Both instances' periodic ticks of the ladder at the same moment. */
  const ladderTick = () =>
    Promise.all([
      t.app.get(ReminderLadderService).runDaily('instance-a'),
      second.get(ReminderLadderService).runDaily('instance-b'),
    ]);
  /** The claim of a day as an instance that died left it: unfinished, claimed an hour ago, its lease run out. */
  const diedHolding = (job: string, day: string) =>
    t.db.query(
      `INSERT INTO job_claims (job, period, claimed_by, run_id, claimed_at, lease_until)
       VALUES ($1, $2, 'instance-dead', gen_random_uuid(), now() - interval '1 hour', now() - interval '50 minutes')`,
      [job, day],
    );
  const claimOf = async (job: string, day: string) =>
    (
      (await t.db.query(
        `SELECT claimed_by, finished_at IS NOT NULL AS finished FROM job_claims WHERE job = $1 AND period = $2`,
        [job, day],
      )) as Claim[]
    )[0];
  const reminders = async (code: string) =>
    (
      (
        await t
          .http()
          .get('/api/v1/notifications?limit=200')
          .set(org.auth(org.tokens.UNIT_OFFICER))
          .expect(200)
      ).body.items as Item[]
    ).filter((n) => n.kind === 'DEADLINE_REMINDER' && n.body.includes(code));
  const mailsAbout = async (code: string) => {
    await t.app.get(OutboxWorker).drain();
    return smtp.mails.filter((m) => m.to.includes(OFFICER_MAIL) && m.subject === `整改时限临近 ${code}`);
  };

  beforeAll(async () => {
    instances = await startInstancesWithMail();
    ({ t, second, smtp } = instances);
    at('2023-02-14T02:00:00Z');
    org = await buildOrg(t);
    fx = await buildRound(t, org);
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .send({ email: OFFICER_MAIL })
      .expect(200);
  }, 120_000);
  afterAll(() => instances?.close());

  it('the deadline ladder: a run that died after the first of three T−7 reminders is taken over the same day, and the other two are sent, each once (in-app and by e-mail)', async () => {
    const findings = [await fx.logFinding({ deadline: '2023-03-10', location: '1号炉' })];
    at('2023-03-03T01:00:00Z'); // 09:00 on 3 March in Shanghai: T−7
    // The instance that claimed the day sent the first reminder and was killed before the other two (as the
    // database holds it: the day claimed, unfinished; the first finding's step and notifications; no others).
    await diedHolding('reminder-ladder', '2023-03-03');
    expect(await t.app.get(ReminderLadderService).remind()).toBe(1);
    for (const location of ['2号炉', '3号炉'])
      findings.push(await fx.logFinding({ deadline: '2023-03-10', location }));
    const heard = await Promise.all(findings.map(async (f) => (await reminders(f.code)).length));
    expect(heard).toEqual([1, 0, 0]);

    // The next tick, the same morning: one instance takes the run over and sends the rest.
    const [a, b] = await ladderTick();
    expect([a.day, b.day].filter(Boolean)).toEqual(['2023-03-03']);
    expect(a.sent + b.sent).toBe(2);
    for (const f of findings) {
      expect(await reminders(f.code)).toHaveLength(1);
      const mails = await mailsAbout(f.code);
      expect(mails).toHaveLength(1);
      expect(mails[0].text).toContain('还剩 7 天');
    }
    expect(await claimOf('reminder-ladder', '2023-03-03')).toEqual({
      claimed_by: a.day ? 'instance-a' : 'instance-b',
      finished: true,
    });

    // Done for the day: later ticks send nothing again.
    at('2023-03-03T07:00:00Z');
    const again = await ladderTick();
    expect(again.map((r) => r.day)).toEqual([null, null]);
    for (const f of findings) expect(await mailsAbout(f.code)).toHaveLength(1);
  });

  it('the deadline ladder: a claim still within its lease is not taken over (its instance may be at work); once the lease ran out it is', async () => {
    const f = await fx.logFinding({ deadline: '2023-03-20', location: '4号炉' });
    at('2023-03-13T01:00:00Z'); // T−7
    await t.db.query(
      `INSERT INTO job_claims (job, period, claimed_by, run_id, claimed_at, lease_until)
       VALUES ('reminder-ladder', '2023-03-13', 'instance-busy', gen_random_uuid(), now(), now() + interval '10 minutes')`,
    );
    const [a, b] = await ladderTick();
    expect([a.day, b.day]).toEqual([null, null]);
    expect(await reminders(f.code)).toHaveLength(0);
    expect(await claimOf('reminder-ladder', '2023-03-13')).toEqual({
      claimed_by: 'instance-busy',
      finished: false,
    });

    // Ten minutes on, the claim neither renewed nor finished: its instance is gone.
    await t.db.query(
      `UPDATE job_claims SET lease_until = now() - interval '1 second' WHERE job = 'reminder-ladder' AND period = '2023-03-13'`,
    );
    const after = await ladderTick();
    expect(after.map((r) => r.day).filter(Boolean)).toEqual(['2023-03-13']);
    expect(await reminders(f.code)).toHaveLength(1);
    expect(await mailsAbout(f.code)).toHaveLength(1);
  });

  it('the overdue job: a run that died after assessing one of two overdue findings is taken over the same day, each assessed once, dated the day after its deadline', async () => {
    at('2023-03-20T02:00:00Z');
    const late: { id: number; code: string }[] = [];
    for (const location of ['5号炉', '6号炉']) {
      const f = await fx.logFinding({ deadline: '2023-03-24', location });
      await t
        .http()
        .post(`/api/v1/findings/${f.id}/plan`)
        .set(org.auth(org.tokens.UNIT_OFFICER))
        .send({ ...COMPLETE_PLAN, deadline: '2023-03-24' })
        .expect(200);
      late.push(f);
    }
    at('2023-03-25T01:00:00Z'); // 09:00 on 25 March in Shanghai
    const job = t.app.get(LatenessAssessmentsService);
    // The instance that claimed the day listed the overdue findings, assessed the first and was killed.
    await diedHolding('overdue-findings', '2023-03-25');
    const dead = await t.app.get(Transactions).run(async (tx) => {
      const due = await t.app.get(LatenessRepository).overdueToAssess(tx, '2023-03-25');
      const first = due.find((f) => f.id === late[0].id)!;
      return job.assessOverdue(tx, first);
    });
    expect(dead).toBe(true);

    const [a, b] = await Promise.all([
      job.runOverdueJob('instance-a'),
      second.get(LatenessAssessmentsService).runOverdueJob('instance-b'),
    ]);
    expect([a.day, b.day].filter(Boolean)).toEqual(['2023-03-25']);
    // The rest: the second finding (and the ladder's findings above, overdue too), not the first again.
    const assessedNow = [...a.assessed, ...b.assessed];
    expect(assessedNow).toContain(late[1].code);
    expect(assessedNow).not.toContain(late[0].code);
    for (const f of late) {
      const items = (
        await t
          .http()
          .get(`/api/v1/assessments?findingId=${f.id}`)
          .set(org.auth(org.tokens.SAFETY_OFFICE))
          .expect(200)
      ).body.items as { reason: string; assessedOn: string }[];
      expect(items).toEqual([expect.objectContaining({ reason: 'OVERDUE', assessedOn: '2023-03-25' })]);
    }
    expect((await claimOf('overdue-findings', '2023-03-25')).finished).toBe(true);
    expect((await job.runOverdueJob('instance-a')).day).toBeNull();
  });

  it('the deadline ladder: a finding whose reminder fails every time does not hold back the findings after it; the run ends unfinished, the next tick retries only it, and once it can be sent the day is finished', async () => {
    const findings: { id: number; code: string }[] = [];
    for (const location of ['7号炉', '8号炉', '9号炉'])
      findings.push(await fx.logFinding({ deadline: '2023-04-10', location }));
    at('2023-04-03T01:00:00Z'); // T−7
    const middle = findings[1];
    // The middle finding's step cannot be recorded (as a finding whose data breaks its reminder would fail).
    await t.db.query(
      `CREATE FUNCTION test_refuse_step() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.finding_id = ${middle.id} THEN RAISE EXCEPTION 'step refused for the test'; END IF; RETURN NEW; END $$`,
    );
    await t.db.query(
      `CREATE TRIGGER test_refuse_step BEFORE INSERT ON reminder_steps FOR EACH ROW EXECUTE FUNCTION test_refuse_step()`,
    );
    const ladder = t.app.get(ReminderLadderService);
    const heard = () => Promise.all(findings.map(async (f) => (await reminders(f.code)).length));
    try {
      await expect(ladder.runDaily('instance-a')).rejects.toThrow(
        `reminder-ladder run of 2023-04-03 did its other items but 1 failed (finding ${middle.id})`,
      );
      // The findings before and after it got theirs; the day stays open.
      expect(await heard()).toEqual([1, 0, 1]);
      expect(await claimOf('reminder-ladder', '2023-04-03')).toEqual({
        claimed_by: 'instance-a',
        finished: false,
      });

      // The next tick (either instance) retries: the middle one fails again, the others are not sent twice.
      await expect(second.get(ReminderLadderService).runDaily('instance-b')).rejects.toThrow(
        `1 failed (finding ${middle.id})`,
      );
      expect(await heard()).toEqual([1, 0, 1]);
    } finally {
      await t.db.query(`DROP TRIGGER test_refuse_step ON reminder_steps`);
      await t.db.query(`DROP FUNCTION test_refuse_step()`);
    }

    // Mended: the next tick sends the middle one's reminder and finishes the day.
    const mended = await ladder.runDaily('instance-a');
    expect(mended.day).toBe('2023-04-03');
    expect(await heard()).toEqual([1, 1, 1]);
    for (const f of findings) expect(await mailsAbout(f.code)).toHaveLength(1);
    expect(await claimOf('reminder-ladder', '2023-04-03')).toEqual({
      claimed_by: 'instance-a',
      finished: true,
    });
    expect((await ladder.runDaily('instance-a')).day).toBeNull();
  });

  it('never two runs at once: a takeover waits for the item in progress, and the run it replaced does no further item', async () => {
    const runs = t.app.get(JobRuns);
    const done: string[] = [];
    let entered!: () => void;
    let finish!: () => void;
    const inItem = new Promise<void>((r) => (entered = r));
    const gate = new Promise<void>((r) => (finish = r));
    const takeover: { settled?: Promise<unknown> } = {};
    const slow = runs.run('takeover-check', '2023-03-26', 'instance-slow', async (item) => {
      await item(async (tx) => {
        entered();
        // This item outlasts the lease (as a stalled process would): the lease it renewed has run out.
        await tx.query(
          `UPDATE job_claims SET lease_until = now() - interval '1 second' WHERE job = 'takeover-check'`,
        );
        await gate;
        done.push('slow 1');
      });
      // The stalled process wakes only after the takeover: its next item must find the claim no longer its own. (Let
      // it go on at once and it may renew its lease before the taker reads it — then the taker, rightly, leaves it:
      // a CI run saw that order.)
      await takeover.settled;
      await item(async () => void done.push('slow 2'));
      return 'slow';
    });
    await inItem;
    const taker = second
      .get(JobRuns)
      .run('takeover-check', '2023-03-26', 'instance-b', (item) => item(async () => (done.push('b 1'), 'b')));
    takeover.settled = taker.catch(() => undefined);
    const early = await Promise.race([
      taker.then(() => 'decided'),
      new Promise((r) => setTimeout(() => r('waiting'), 500)),
    ]);
    expect(early).toBe('waiting'); // the claim is locked by the item in progress
    finish();
    expect(await taker).toEqual({ result: 'b' });
    expect(await slow).toBeNull();
    expect(done).toEqual(['slow 1', 'b 1']);
    expect(await claimOf('takeover-check', '2023-03-26')).toEqual({
      claimed_by: 'instance-b',
      finished: true,
    });
  });
});
