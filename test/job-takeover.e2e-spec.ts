import { INestApplication } from '@nestjs/common';
import { Transactions } from '../src/common/persistence/transactions';
import { LatenessAssessmentsService } from '../src/findings/lateness-assessments.service';
import { LatenessRepository } from '../src/findings/lateness.repository';
import { JobRuns } from '../src/jobs/job-runs';
import { ITEM_ATTEMPTS_A_DAY } from '../src/jobs/rules/job-lease';
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

  /** The step a finding's reminder writes first cannot be written for `findingId` (as if its data broke it). */
  const refuseSteps = async (findingId: number) => {
    await t.db.query(
      `CREATE FUNCTION test_refuse_step() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.finding_id = ${findingId} THEN RAISE EXCEPTION 'step refused for the test'; END IF; RETURN NEW; END $$`,
    );
    await t.db.query(
      `CREATE TRIGGER test_refuse_step BEFORE INSERT ON reminder_steps FOR EACH ROW EXECUTE FUNCTION test_refuse_step()`,
    );
    return async () => {
      await t.db.query(`DROP TRIGGER test_refuse_step ON reminder_steps`);
      await t.db.query(`DROP FUNCTION test_refuse_step()`);
    };
  };
  /** The claim's retry state, with the seconds its pause still has to run. */
  const retryOf = async (day: string) =>
    (
      (await t.db.query(
        `SELECT finished_at IS NOT NULL AS finished, failed_attempts, failed_items,
                round(extract(epoch FROM lease_until - now()))::int AS pause
           FROM job_claims WHERE job = 'reminder-ladder' AND period = $1`,
        [day],
      )) as { finished: boolean; failed_attempts: number; failed_items: string | null; pause: number }[]
    )[0];
  /** The pause over (a minute, two … later). */
  const pauseOver = (day: string) =>
    t.db.query(
      `UPDATE job_claims SET lease_until = now() - interval '1 second' WHERE job = 'reminder-ladder' AND period = $1`,
      [day],
    );

  it('the deadline ladder: a finding whose reminder fails every time does not hold back the findings after it; the day stays open and is tried again after a pause that doubles, and once the finding can be reminded the day is finished', async () => {
    const findings: { id: number; code: string }[] = [];
    for (const location of ['7号炉', '8号炉', '9号炉'])
      findings.push(await fx.logFinding({ deadline: '2023-04-10', location }));
    at('2023-04-03T01:00:00Z'); // T−7
    const middle = findings[1];
    const ladder = t.app.get(ReminderLadderService);
    const heard = () => Promise.all(findings.map(async (f) => (await reminders(f.code)).length));
    const mend = await refuseSteps(middle.id);
    try {
      const first = await ladder.runDaily('instance-a');
      expect(first).toEqual(expect.objectContaining({ day: '2023-04-03', failed: [`finding ${middle.id}`] }));
      // The findings before and after it got theirs; the day stays open for a minute's pause.
      expect(await heard()).toEqual([1, 0, 1]);
      const open = await retryOf('2023-04-03');
      expect(open).toEqual(
        expect.objectContaining({
          finished: false,
          failed_attempts: 1,
          failed_items: `finding ${middle.id}`,
        }),
      );
      expect(open.pause).toBeGreaterThan(50);
      expect(open.pause).toBeLessThanOrEqual(60);
      // Within the pause no instance walks the list again.
      expect((await second.get(ReminderLadderService).runDaily('instance-b')).day).toBeNull();

      // After it, either instance tries again: the middle one fails again, the others are not sent twice, the pause
      // doubles.
      await pauseOver('2023-04-03');
      const again = await second.get(ReminderLadderService).runDaily('instance-b');
      expect(again).toEqual(expect.objectContaining({ day: '2023-04-03', failed: [`finding ${middle.id}`] }));
      expect(await heard()).toEqual([1, 0, 1]);
      const twice = await retryOf('2023-04-03');
      expect(twice).toEqual(expect.objectContaining({ finished: false, failed_attempts: 2 }));
      expect(twice.pause).toBeGreaterThan(110);
    } finally {
      await mend();
    }

    // Mended: the next try sends the middle one's reminder and finishes the day.
    await pauseOver('2023-04-03');
    expect(await ladder.runDaily('instance-a')).toEqual(
      expect.objectContaining({ day: '2023-04-03', failed: [] }),
    );
    expect(await heard()).toEqual([1, 1, 1]);
    for (const f of findings) expect(await mailsAbout(f.code)).toHaveLength(1);
    expect(await claimOf('reminder-ladder', '2023-04-03')).toEqual({
      claimed_by: 'instance-a',
      finished: true,
    });
    expect((await ladder.runDaily('instance-a')).day).toBeNull();
  });

  it(`the deadline ladder gives up on a finding for the day at its ${ITEM_ATTEMPTS_A_DAY}th failed try, recording it; the next day's run reminds it`, async () => {
    const f = await fx.logFinding({ deadline: '2023-04-20', location: '10号炉' });
    at('2023-04-13T01:00:00Z'); // T−7
    // The day has been tried all but once, each time failing on this finding.
    await t.db.query(
      `INSERT INTO job_claims (job, period, claimed_by, run_id, claimed_at, lease_until, failed_attempts, failed_items)
       VALUES ('reminder-ladder', '2023-04-13', 'instance-a', gen_random_uuid(), now() - interval '2 hours',
               now() - interval '1 second', $1, $2)`,
      [ITEM_ATTEMPTS_A_DAY - 1, `finding ${f.id}`],
    );
    const mend = await refuseSteps(f.id);
    try {
      const last = await t.app.get(ReminderLadderService).runDaily('instance-b');
      expect(last).toEqual(expect.objectContaining({ day: '2023-04-13', failed: [`finding ${f.id}`] }));
    } finally {
      await mend();
    }
    expect(await retryOf('2023-04-13')).toEqual(
      expect.objectContaining({
        finished: true,
        failed_attempts: ITEM_ATTEMPTS_A_DAY,
        failed_items: `finding ${f.id}`,
      }),
    );
    expect(await reminders(f.code)).toHaveLength(0);
    expect((await t.app.get(ReminderLadderService).runDaily('instance-b')).day).toBeNull();

    // The next morning's run sends what the day before missed.
    at('2023-04-14T01:00:00Z');
    expect((await t.app.get(ReminderLadderService).runDaily('instance-a')).failed).toEqual([]);
    expect(await reminders(f.code)).toHaveLength(1);
  });

  it('items failing one after another end the run (something underneath, not one finding): the claim is released at once for the next tick, no try counted', async () => {
    const tried: number[] = [];
    const run = t.app.get(JobRuns).run('in-a-row-check', '2023-04-15', 'instance-a', async (item) => {
      for (let i = 1; i <= 8; i++)
        await item(
          async () => {
            tried.push(i);
            throw new Error(`item ${i} broke`);
          },
          { item: `item ${i}`, skipped: undefined },
        );
      return 'done';
    });
    await expect(run).rejects.toThrow('item 5 broke');
    expect(tried).toEqual([1, 2, 3, 4, 5]);
    const [claim] = (await t.db.query(
      `SELECT finished_at IS NOT NULL AS finished, failed_attempts, lease_until <= now() AS released
         FROM job_claims WHERE job = 'in-a-row-check'`,
    )) as { finished: boolean; failed_attempts: number; released: boolean }[];
    expect(claim).toEqual({ finished: false, failed_attempts: 0, released: true });
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
    expect(await taker).toEqual({ result: 'b', failed: [] });
    expect(await slow).toBeNull();
    expect(done).toEqual(['slow 1', 'b 1']);
    expect(await claimOf('takeover-check', '2023-03-26')).toEqual({
      claimed_by: 'instance-b',
      finished: true,
    });
  });
});
