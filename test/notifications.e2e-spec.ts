import { INestApplication } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Clock } from '../src/common/time/clock';
import { DigestService } from '../src/notifications/digest.service';
import { OutboxWorker } from '../src/notifications/outbox.worker';
import { ReminderLadderService } from '../src/notifications/reminder-ladder.service';
import { bootTestApp } from './support/app-boot';
import { buildRound, COMPLETE_PLAN, SUMMARY, uploadPhoto } from './support/findings-fixture';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}
interface Item {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  readAt: string | null;
}

/**
 * A real SMTP server on a local port, reached through a TCP relay: keeps what it receives; `mode` makes the server
 * refuse (421 on connect) or the relay drop the connection as soon as it is made.
 */
function startSmtp() {
  const mails: Mail[] = [];
  const state = { mode: 'ok' as 'ok' | 'refuse' | 'drop' };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onConnect(_session, cb) {
      cb(state.mode === 'refuse' ? Object.assign(new Error('服务暂不可用'), { responseCode: 421 }) : null);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  const relay = createTcpServer((socket) => {
    if (state.mode === 'drop') return socket.destroy();
    const upstream = connect((server.server.address() as AddressInfo).port, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const end = () => (socket.destroy(), upstream.destroy());
    socket.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise<{ port: number; mails: Mail[]; state: typeof state; close: () => Promise<void> }>(
    (resolve) =>
      server.listen(0, '127.0.0.1', () =>
        relay.listen(0, '127.0.0.1', () =>
          resolve({
            port: (relay.address() as AddressInfo).port,
            mails,
            state,
            close: async () => {
              await new Promise<void>((r) => relay.close(() => r()));
              await new Promise<void>((r) => server.close(() => r()));
            },
          }),
        ),
      ),
  );
}

/** The text of a mail: its headers (subject decoded) and its body (quoted-printable or base64 decoded). */
function decode(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectRaw = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectRaw.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, s: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(s, 'base64').toString('utf8')
      : Buffer.from(
          s
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
  const body = rest.join('\n\n');
  const text = /Content-Transfer-Encoding: base64/i.test(head)
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : Buffer.from(
        body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8');
  return { subject, text };
}

/**
 * Issue 19: notifications written with the change that causes them, the deadline reminder ladder (business days in
 * Asia/Shanghai, restarted by a reassignment or a new deadline, once across instances, coalesced after downtime),
 * the in-app bell API, and e-mail through a real SMTP server with retries.
 */
describe('Reminders, escalation and notifications (issue 19)', () => {
  let t: TestApp;
  let second: INestApplication;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  let smelterOfficer: string;

  const at = (iso: string) => {
    t.app.get(Clock).pinForTesting(new Date(iso));
    second.get(Clock).pinForTesting(new Date(iso));
  };
  const ladderOn = (app: INestApplication, instance: string) =>
    app.get(ReminderLadderService).runDaily(instance);
  /** Both instances run the day's ladder job at the same moment. */
  const runLadder = async (claimable = true) => {
    const [a, b] = await Promise.all([ladderOn(t.app, 'instance-a'), ladderOn(second, 'instance-b')]);
    expect([a.day, b.day].filter(Boolean)).toHaveLength(claimable ? 1 : 0);
    return a.sent + b.sent;
  };
  const inbox = async (token: string) =>
    (await t.http().get('/api/v1/notifications').set(org.auth(token)).expect(200)).body as {
      items: Item[];
      unread: number;
      total: number;
    };
  const reminders = async (token: string, code: string) =>
    (await inbox(token)).items.filter((n) => n.kind === 'DEADLINE_REMINDER' && n.body.includes(code));

  beforeAll(async () => {
    smtp = await startSmtp();
    const env = {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: '督察整改 <rectify@plant.example>',
      PUBLIC_BASE_URL: 'https://rectify.plant.example',
      NOTIFY_MAX_ATTEMPTS: '3',
    };
    t = await startTestApp({ env });
    second = await bootTestApp(t.databaseUrl, { env });
    at('2023-02-14T02:00:00Z');
    org = await buildOrg(t);
    fx = await buildRound(t, org);
    const admin = org.auth(org.tokens.ADMIN);
    await t
      .http()
      .post('/api/v1/users')
      .set(admin)
      .send({
        username: 'djofficer',
        displayName: '电解安全员',
        roles: ['UNIT_OFFICER'],
        homeUnitId: org.units.smelter,
        password: TEST_PASSWORD,
      })
      .expect(201);
    smelterOfficer = await login(t, 'djofficer');
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .send({ email: 'rdfc.anquan@plant.example' })
      .expect(200);
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
    await smtp?.close();
  });

  it('19.1–3: the ladder walked across days in Asia/Shanghai — assigned, T−7 once across two instances, restarted by a reassignment and by a new deadline, coalesced after downtime, T+7 to the safety office and the 二级单位 head, T+30 to the group leader', async () => {
    const f = await fx.logFinding({ unitId: org.units.smelter, deadline: '2023-03-10' });
    // Registration tells the unit in the same transaction.
    expect((await inbox(smelterOfficer)).items).toEqual([
      expect.objectContaining({ kind: 'FINDING_ASSIGNED', link: `/findings/${f.id}` }),
    ]);
    expect((await inbox(smelterOfficer)).items[0].body).toContain(f.code);

    at('2023-03-02T15:59:00Z'); // 23:59 on 2 March in Shanghai: T−8
    expect(await runLadder()).toBe(0);
    at('2023-03-02T16:30:00Z'); // 00:30 on 3 March in Shanghai: T−7 (still 2 March in UTC)
    expect(await runLadder()).toBe(1);
    const first = await reminders(smelterOfficer, f.code);
    expect(first).toHaveLength(1);
    expect(first[0].body).toBe(
      `电解厂：问题 ${f.code} 整改时限 2023-03-10，还剩 7 天。https://rectify.plant.example/findings/${f.id}`,
    );
    expect(await runLadder(false)).toBe(0); // the same day again: claimed already, nothing twice
    expect(await reminders(smelterOfficer, f.code)).toHaveLength(1);

    // 改派 to 热电分厂 on 5 March: the new unit is told, and its own ladder starts at the step due now (T−7).
    at('2023-03-05T02:00:00Z');
    const detail = (await t.http().get(`/api/v1/findings/${f.id}`).set(org.auth(org.tokens.SAFETY_OFFICE)))
      .body;
    await t
      .http()
      .patch(`/api/v1/findings/${f.id}`)
      .set(org.auth(org.tokens.SAFETY_OFFICE))
      .send({ unitId: org.units.power, version: detail.version ?? detail.finding?.version })
      .expect(200);
    expect((await inbox(org.tokens.UNIT_OFFICER)).items.map((n) => n.kind)).toEqual(['FINDING_ASSIGNED']);
    expect(await runLadder()).toBe(1);
    expect(await reminders(org.tokens.UNIT_OFFICER, f.code)).toHaveLength(1);
    expect(await reminders(smelterOfficer, f.code)).toHaveLength(1); // the old unit hears no more

    // The deadline moves to 20 March on 6 March: the T−1 of the old deadline (9 March) never comes.
    at('2023-03-06T02:00:00Z');
    const d2 = (await t.http().get(`/api/v1/findings/${f.id}`).set(org.auth(org.tokens.SAFETY_OFFICE))).body;
    await t
      .http()
      .patch(`/api/v1/findings/${f.id}`)
      .set(org.auth(org.tokens.SAFETY_OFFICE))
      .send({ deadline: '2023-03-20', version: d2.version ?? d2.finding?.version })
      .expect(200);
    expect((await inbox(org.tokens.UNIT_OFFICER)).items[0]).toEqual(
      expect.objectContaining({ kind: 'DEADLINE_CHANGED', title: `整改时限变更 ${f.code}` }),
    );
    at('2023-03-09T02:00:00Z');
    expect(await runLadder()).toBe(0);
    at('2023-03-13T02:00:00Z'); // T−7 of the new deadline
    expect(await runLadder()).toBe(1);
    const afterExtension = await reminders(org.tokens.UNIT_OFFICER, f.code);
    expect(afterExtension).toHaveLength(2);
    expect(afterExtension[0].body).toContain('整改时限 2023-03-20，还剩 7 天');

    // Down from 14 to 28 March (T+8): one reminder, the current step (T+7), not T−1 and T+1 as well — and it
    // reaches everyone the skipped steps would have, once.
    at('2023-03-28T01:00:00Z');
    expect(await runLadder()).toBe(1);
    const unitHeard = await reminders(org.tokens.UNIT_OFFICER, f.code);
    expect(unitHeard).toHaveLength(3);
    expect(unitHeard[0].body).toContain('整改时限 2023-03-20 已过 8 天');
    const office = await reminders(org.tokens.SAFETY_OFFICE, f.code);
    expect(office).toHaveLength(1);
    expect(office[0].title).toBe(`已逾期 ${f.code}`);
    expect(office[0].body).toContain('整改时限 2023-03-20 已过 8 天');
    expect(await reminders(org.tokens.UNIT_HEAD, f.code)).toHaveLength(1); // T+1 and T+7 (二级单位 head) in one
    expect(await reminders(org.tokens.SUPERVISION_LEADER, f.code)).toHaveLength(0);

    at('2023-04-19T01:00:00Z'); // T+30
    expect(await runLadder()).toBe(1);
    expect(await reminders(org.tokens.SUPERVISION_LEADER, f.code)).toHaveLength(1);
    expect(await reminders(org.tokens.SAFETY_OFFICE, f.code)).toHaveLength(1);
    // Another unit's officer never hears of it.
    expect(await reminders(org.tokens.otherUnitOfficer, f.code)).toHaveLength(0);
  });

  it('19.2: the bell — unread count, mark read, only one’s own notifications; the API in OpenAPI', async () => {
    const token = org.tokens.UNIT_OFFICER;
    const before = await inbox(token);
    expect(before.unread).toBeGreaterThan(0);
    expect(
      (await t.http().get('/api/v1/notifications/unread-count').set(org.auth(token)).expect(200)).body,
    ).toEqual({
      unread: before.unread,
    });
    const one = before.items[0];
    const marked = (
      await t
        .http()
        .post('/api/v1/notifications/read')
        .set(org.auth(token))
        .send({ ids: [one.id] })
        .expect(201)
    ).body;
    expect(marked).toEqual({ marked: 1, unread: before.unread - 1 });
    // Someone else's id marks nothing.
    const other = (await inbox(org.tokens.SAFETY_OFFICE)).items[0];
    expect(
      (
        await t
          .http()
          .post('/api/v1/notifications/read')
          .set(org.auth(token))
          .send({ ids: [other.id] })
      ).body.marked,
    ).toBe(0);
    expect((await inbox(org.tokens.SAFETY_OFFICE)).items[0].readAt).toBeNull();
    await t.http().post('/api/v1/notifications/read').set(org.auth(token)).send({}).expect(201);
    expect((await inbox(token)).unread).toBe(0);
    // The API is in the OpenAPI document.
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/notifications',
        '/api/v1/notifications/unread-count',
        '/api/v1/notifications/read',
        '/api/v1/notifications/preferences',
        '/api/v1/notifications/failures',
        '/api/v1/notifications/webhooks',
      ]),
    );
  });

  it('19.4: e-mail through a real SMTP server — recipient, subject, body with the link — sent once by two instances’ workers', async () => {
    const drains = await Promise.all([t.app.get(OutboxWorker).drain(), second.get(OutboxWorker).drain()]);
    const sent = drains[0].sent + drains[1].sent;
    expect(sent).toBeGreaterThan(0);
    expect(smtp.mails).toHaveLength(sent);
    expect(new Set(smtp.mails.map((m) => m.to.join(',')))).toEqual(new Set(['rdfc.anquan@plant.example']));
    const texts = smtp.mails.map((m) => decode(m.raw));
    const reminder = texts.find((m) => m.subject.startsWith('整改时限临近'));
    expect(reminder).toBeDefined();
    expect(reminder!.text).toMatch(
      /热电分厂：问题 \S+ 整改时限 2023-03-20，还剩 7 天。https:\/\/rectify\.plant\.example\/findings\/\d+/,
    );
    expect(smtp.mails[0].from).toBe('rectify@plant.example');
    // Nothing is left to send: a second drain sends nothing again.
    expect((await t.app.get(OutboxWorker).drain()).sent).toBe(0);
    expect(smtp.mails).toHaveLength(sent);
  });

  it('19.4: a server that refuses or drops the connection is retried with back-off, then recorded as failed for the ADMIN', async () => {
    at('2023-05-02T02:00:00Z');
    const f = await fx.logFinding({ deadline: '2023-12-31', description: '锅炉房消防通道堆放杂物' });
    smtp.state.mode = 'refuse';
    const worker = t.app.get(OutboxWorker);
    expect(await worker.drain()).toEqual({ sent: 0, failed: 1 });
    expect(await worker.drain()).toEqual({ sent: 0, failed: 0 }); // waiting for its back-off (1 minute)
    let failures = (
      await t.http().get('/api/v1/notifications/failures').set(org.auth(org.tokens.ADMIN)).expect(200)
    ).body;
    expect(failures.items[0]).toEqual(
      expect.objectContaining({
        channel: 'EMAIL',
        status: 'PENDING',
        attempts: 1,
        title: `新交办问题 ${f.code}`,
      }),
    );
    expect(failures.items[0].lastError).toMatch(/421|服务暂不可用/);
    at('2023-05-02T02:01:30Z');
    smtp.state.mode = 'drop'; // the second attempt: the connection is dropped as soon as it is made
    expect(await worker.drain()).toEqual({ sent: 0, failed: 1 });
    failures = (
      await t.http().get('/api/v1/notifications/failures').set(org.auth(org.tokens.ADMIN)).expect(200)
    ).body;
    expect(failures.items[0]).toEqual(expect.objectContaining({ status: 'PENDING', attempts: 2 }));
    expect(failures.items[0].lastError).toMatch(/closed|ECONNRESET|socket|Greeting|connection/i);
    at('2023-05-02T02:04:00Z');
    expect(await worker.drain()).toEqual({ sent: 0, failed: 1 });
    failures = (
      await t.http().get('/api/v1/notifications/failures').set(org.auth(org.tokens.ADMIN)).expect(200)
    ).body;
    expect(failures.items[0]).toEqual(expect.objectContaining({ status: 'FAILED', attempts: 3 }));
    expect(failures.counts).toContainEqual({ channel: 'EMAIL', status: 'FAILED', n: 1 });
    // A unit user may not see the failures.
    await t.http().get('/api/v1/notifications/failures').set(org.auth(org.tokens.UNIT_OFFICER)).expect(403);
    // The in-app notification was there all along; the business change never waited on the mail.
    expect((await inbox(org.tokens.UNIT_OFFICER)).items[0].title).toBe(`新交办问题 ${f.code}`);
    smtp.state.mode = 'ok';
    at('2023-05-03T02:00:00Z');
    expect(await worker.drain()).toEqual({ sent: 0, failed: 0 }); // failed for good is not retried
  });
  it('19.3: an approved extension and a finding that moves on (summary handed in) drop the reminder e-mails not yet sent, and the ladder follows the new deadline then stops', async () => {
    const officer = org.auth(org.tokens.UNIT_OFFICER);
    const office = org.auth(org.tokens.SAFETY_OFFICE);
    const cancelled = async () =>
      (
        (await t.http().get('/api/v1/notifications/failures').set(org.auth(org.tokens.ADMIN))).body
          .counts as {
          status: string;
          n: number;
        }[]
      ).find((c) => c.status === 'CANCELLED')?.n ?? 0;
    at('2023-06-01T02:00:00Z');
    const f = await fx.logFinding({ deadline: '2023-06-10', description: '除盐水泵房地沟盖板缺失' });
    await t
      .http()
      .post(`/api/v1/findings/${f.id}/plan`)
      .set(officer)
      .send({ ...COMPLETE_PLAN, deadline: '2023-06-10' })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/findings/${f.id}/extensions`)
      .set(officer)
      .send({ requestedDeadline: '2023-06-30', reason: '盖板定制需两周' })
      .expect(201);
    await t.app.get(OutboxWorker).drain(); // the assignment e-mail goes now
    const mailsBefore = smtp.mails.length;

    at('2023-06-03T02:00:00Z'); // T−7: a reminder, its e-mail waiting in the outbox
    expect(await runLadder()).toBe(1);
    const before = await cancelled();
    const ext = (await t.http().get(`/api/v1/findings/${f.id}`).set(office)).body.extensions[0].id as number;
    await t
      .http()
      .post(`/api/v1/findings/${f.id}/extensions/${ext}/decision`)
      .set(office)
      .send({ approve: true })
      .expect(200);
    expect(await cancelled()).toBe(before + 1);
    const told = (await inbox(org.tokens.UNIT_OFFICER)).items;
    expect(told.find((n) => n.kind === 'DEADLINE_CHANGED')!.body).toContain('由 2023-06-10 改为 2023-06-30');
    expect(told.find((n) => n.kind === 'EXTENSION_DECIDED')!.body).toContain(
      '延期已批准，新整改时限 2023-06-30',
    );

    at('2023-06-09T02:00:00Z'); // the old deadline's T−1: nothing
    expect(await runLadder()).toBe(0);
    at('2023-06-23T02:00:00Z'); // the new deadline's T−7
    expect(await runLadder()).toBe(1);
    await uploadPhoto(t, org, f.id);
    await t.http().post(`/api/v1/findings/${f.id}/summary`).set(officer).send(SUMMARY).expect(200);
    expect(await cancelled()).toBe(before + 2);
    at('2023-06-29T02:00:00Z'); // T−1, but the unit has handed in its summary: no reminder
    expect(await runLadder()).toBe(0);
    expect(await reminders(org.tokens.UNIT_OFFICER, f.code)).toHaveLength(2);

    await t.app.get(OutboxWorker).drain();
    const subjects = smtp.mails.slice(mailsBefore).map((m) => decode(m.raw).subject);
    expect(subjects).toEqual([`整改时限变更 ${f.code}`, `延期已批准 ${f.code}`]);
  });
  it('19.5: 企业微信 and 钉钉 robots — the JSON text message, DingTalk’s signature checked by a local receiver, a 5xx retried; a malformed URL is refused', async () => {
    const secret = 'SEC0123456789abcdef';
    const received: { path: string; content: string }[] = [];
    let failNext = 1;
    const receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        const url = new URL(req.url!, 'http://x');
        const body = JSON.parse(raw) as { msgtype: string; text: { content: string } };
        const reply = (status: number, json: object) => res.writeHead(status).end(JSON.stringify(json));
        if (
          req.headers['content-type'] !== 'application/json' ||
          body.msgtype !== 'text' ||
          !body.text?.content
        )
          return reply(200, { errcode: 40001, errmsg: 'bad message' });
        if (url.pathname === '/robot/send') {
          // 钉钉: timestamp within an hour and sign = base64(HMAC-SHA256(secret, "timestamp\nsecret")).
          const ts = Number(url.searchParams.get('timestamp'));
          const sign = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
          if (Math.abs(Date.now() - ts) > 3_600_000 || url.searchParams.get('sign') !== sign)
            return reply(200, { errcode: 310000, errmsg: 'sign not match' });
          if (failNext-- > 0) return reply(502, { errmsg: 'bad gateway' });
        }
        received.push({ path: url.pathname, content: body.text.content });
        reply(200, { errcode: 0, errmsg: 'ok' });
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      const admin = org.auth(org.tokens.ADMIN);
      const bad = await t
        .http()
        .post('/api/v1/notifications/webhooks')
        .set(admin)
        .send({ unitId: org.units.power, channel: 'DINGTALK', url: 'oapi.dingtalk.com robot' })
        .expect(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'url' })]);
      // One refusal names every field at fault: a unit id that is no number no longer hides the channel and the URL.
      const all = await t
        .http()
        .post('/api/v1/notifications/webhooks')
        .set(admin)
        .send({ unitId: 'abc', channel: 'NOPE', url: 'not a url' })
        .expect(400);
      expect(all.body.details.map((d: { field: string }) => d.field)).toEqual(['unitId', 'channel', 'url']);
      await t
        .http()
        .post('/api/v1/notifications/webhooks')
        .set(admin)
        .send({
          unitId: org.units.power,
          channel: 'DINGTALK',
          url: `${base}/robot/send?access_token=abc`,
          secret,
        })
        .expect(201);
      await t
        .http()
        .post('/api/v1/notifications/webhooks')
        .set(admin)
        .send({ unitId: org.units.companyA, channel: 'WECOM', url: `${base}/cgi-bin/webhook/send?key=k1` })
        .expect(201);
      const listed = (await t.http().get('/api/v1/notifications/webhooks').set(admin).expect(200)).body;
      expect(JSON.stringify(listed)).not.toContain(secret);

      at('2023-07-03T02:00:00Z');
      const f = await fx.logFinding({ deadline: '2023-08-31', description: '化学水处理间酸雾吸收器损坏' });
      const worker = t.app.get(OutboxWorker);
      await worker.drain(); // WeCom gets it; DingTalk answers 502 the first time
      expect(received.map((r) => r.path)).toEqual(['/cgi-bin/webhook/send']);
      at('2023-07-03T02:02:00Z');
      await worker.drain();
      expect(received.map((r) => r.path)).toEqual(['/cgi-bin/webhook/send', '/robot/send']);
      for (const r of received) {
        expect(r.content).toContain(`新交办问题 ${f.code}`);
        expect(r.content).toContain(
          `热电分厂：问题 ${f.code} 已交办，整改时限 2023-08-31。https://rectify.plant.example/findings/${f.id}`,
        );
      }
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
  it('19.5: a daily digest gathers a user’s reminders into one e-mail at the chosen hour (Asia/Shanghai), once across instances', async () => {
    const headToken = org.tokens.UNIT_HEAD;
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(org.auth(headToken))
      .send({ email: 'rdfc.zhuren@plant.example', digestHour: 8 })
      .expect(200);
    // Saved again unchanged: the same answer, and no empty entry in the change log.
    const entries = async () =>
      Number(
        (
          await t.db.query(
            `SELECT count(*) AS n FROM change_events WHERE action = 'NOTIFICATION_PREFERENCES_SET'`,
          )
        )[0].n,
      );
    const logged = await entries();
    const again = await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(org.auth(headToken))
      .send({ email: 'rdfc.zhuren@plant.example', digestHour: 8 })
      .expect(200);
    expect(again.body).toMatchObject({ email: 'rdfc.zhuren@plant.example', digestHour: 8 });
    expect(await entries()).toBe(logged);
    await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(org.auth(headToken))
      .send({ digestHour: 24 })
      .expect(400);
    at('2023-08-01T02:00:00Z');
    const a = await fx.logFinding({ deadline: '2023-08-10', description: '汽机房东侧平台照明不足' });
    const b = await fx.logFinding({ deadline: '2023-08-10', description: '化验室气瓶未固定' });
    at('2023-08-10T20:00:00Z'); // 04:00 on 11 August in Shanghai: T+1 reminders to the unit head
    expect(await runLadder()).toBeGreaterThanOrEqual(2);
    await t.app.get(OutboxWorker).drain();
    const before = smtp.mails.length;
    expect(smtp.mails.filter((m) => m.to.includes('rdfc.zhuren@plant.example'))).toHaveLength(2); // the assignments
    at('2023-08-10T23:30:00Z'); // 07:30 in Shanghai: not yet
    expect(await t.app.get(DigestService).runHourly('a')).toBe(0);
    at('2023-08-11T00:10:00Z'); // 08:10 in Shanghai
    const runs = await Promise.all([
      t.app.get(DigestService).runHourly('a'),
      second.get(DigestService).runHourly('b'),
    ]);
    expect(runs.sort()).toEqual([1, null]);
    await t.app.get(OutboxWorker).drain();
    const digests = smtp.mails.slice(before).filter((m) => m.to.includes('rdfc.zhuren@plant.example'));
    expect(digests).toHaveLength(1);
    const mail = decode(digests[0].raw);
    expect(mail.subject).toBe('每日汇总：2 条整改时限提醒（2023-08-11）');
    expect(mail.text).toContain(`问题 ${a.code} 整改时限 2023-08-10 已过 1 天`);
    expect(mail.text).toContain(`问题 ${b.code} 整改时限 2023-08-10 已过 1 天`);
  });
});
