import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { isOrganisationWide, type Actor } from '../src/common/access/actor';
import type { Role } from '../src/common/access/roles';
import { Clock } from '../src/common/time/clock';
import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import type { ListFindingsQuery } from '../src/findings/finding-list.dto';
import { findingListQuery } from '../src/findings/finding-list.repository';
import { findingView } from '../src/findings/finding-view';
import { FindingStatus, HazardLevel } from '../src/findings/finding.enums';
import { Domain } from '../src/rounds/domain';
import { AccountChangesRepository } from '../src/users/account-changes.repository';
import { UsersRepository } from '../src/users/users.repository';
import { bootTestApp } from './support/app-boot';
import { login } from './support/org-fixture';
import { startTestApp, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';

/**
 * Issue 22: the finding list answered from one statement with rows copied field by field must send exactly what the
 * TypeORM-hydrated entities sent; the cached account check must still refuse a changed account at once, on any
 * instance.
 */
describe('Issue 22: the list in one statement, the account check cached across instances', () => {
  let t: TestApp;
  let other: INestApplication;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    other = await bootTestApp(t.databaseUrl);
  });
  afterAll(async () => {
    await other?.close();
    await t.close();
  });

  async function actorOf(username: string): Promise<Actor> {
    const [u] = (await t.db.query(
      `SELECT u.id, u.username, u.display_name, u.roles::text[] AS roles, u.home_unit_id, un.path
         FROM users u LEFT JOIN units un ON un.id = u.home_unit_id WHERE u.username = $1`,
      [username],
    )) as {
      id: number;
      username: string;
      display_name: string;
      roles: Role[];
      home_unit_id: number;
      path: string;
    }[];
    return {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      roles: u.roles,
      homeUnitId: u.home_unit_id,
      homeUnitPath: u.path,
      unitScopePath: isOrganisationWide(u.roles) ? null : u.path,
    };
  }

  /** The list as the service built it before (count, then TypeORM entities spread into the view). */
  async function listBefore(actor: Actor, q: ListFindingsQuery) {
    const clock = t.app.get(Clock);
    const today = clock.today();
    const qb = findingListQuery(t.db, actor, q, today, clock.timeZone)
      .addSelect('u.name', 'unit_name')
      .addSelect('r.name', 'round_name');
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .getRawAndEntities();
    const names = new Map(
      (raw as { f_id: number; unit_name: string; round_name: string }[]).map((r) => [r.f_id, r]),
    );
    return JSON.stringify({
      items: entities.map((f) =>
        findingView(f, today, {
          unitName: names.get(f.id)?.unit_name,
          roundName: names.get(f.id)?.round_name,
        }),
      ),
      total,
    });
  }

  it('sends the list byte for byte as before, for every sort, filters, scopes and pages past the end', async () => {
    const cases: [string, ListFindingsQuery][] = [
      ['', {}],
      [
        'status=ASSIGNED,RECTIFYING&overdue=true',
        { status: [FindingStatus.ASSIGNED, FindingStatus.RECTIFYING], overdue: true },
      ],
      ['sort=deadline&order=desc&limit=7&offset=3', { sort: 'deadline', order: 'desc', limit: 7, offset: 3 }],
      ['sort=unit&limit=5&offset=2', { sort: 'unit', limit: 5, offset: 2 }],
      ['sort=level&order=desc', { sort: 'level', order: 'desc' }],
      ['sort=foundDate&overdue=false&limit=20', { sort: 'foundDate', overdue: false, limit: 20 }],
      ['offset=100000', { offset: 100000 }],
      // The page's narrow shape writes the domain and the unit subtree without joins: the same rows.
      ['domain=ENVIRONMENT&limit=30', { domain: Domain.ENVIRONMENT, limit: 30 }],
      ['unitId=3&sort=deadline', { unitId: 3, sort: 'deadline' }],
      ['q=%E7%87%83%E6%B0%94&level=SERIOUS', { q: '燃气', level: HazardLevel.SERIOUS }],
    ];
    let compared = 0;
    for (const user of ['han.jingyi', 'wen.xiaofeng']) {
      const token = await login(t, user, DEMO_PASSWORD_HINT);
      const actor = await actorOf(user);
      for (const [query, q] of cases) {
        const res = await t
          .http()
          .get(`/api/v1/findings?${query}`)
          .set('Authorization', `Bearer ${token}`)
          .expect(200);
        expect(res.text).toBe(await listBefore(actor, q));
        compared += (res.body as { items: unknown[] }).items.length;
      }
    }
    expect(compared).toBeGreaterThan(100); // the demo's findings, not empty pages
  });

  it('checks an account once per few seconds, and refuses it on another instance as soon as it changes', async () => {
    const token = await login(t, 'jia.pengfei', DEMO_PASSWORD_HINT);
    const admin = await login(t, 'admin', TEST_ADMIN_PASSWORD);
    const me = () =>
      request(other.getHttpServer()).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
    const reads = jest.spyOn(other.get(UsersRepository), 'actorRow');
    await me().expect(200);
    // The first request starts the listening connection; once it listens, the row is kept.
    expect(await other.get(AccountChangesRepository).whenListening()).toBe(true);
    await me().expect(200);
    const before = reads.mock.calls.length;
    for (let i = 0; i < 5; i++) await me().expect(200);
    expect(reads.mock.calls.length).toBe(before);

    // A password-change flag set by any writer (here plain SQL) reaches the other instance on commit (the trigger).
    const heard = other.get(AccountChangesRepository).nextChange();
    await t.db.query(`UPDATE users SET must_change_password = true WHERE username = 'jia.pengfei'`);
    expect(await heard).toBe((await actorOf('jia.pengfei')).id);
    const refused = await request(other.getHttpServer())
      .get('/api/v1/findings')
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const heardAgain = other.get(AccountChangesRepository).nextChange();
    await t.db.query(`UPDATE users SET must_change_password = false WHERE username = 'jia.pengfei'`);
    await heardAgain;
    await me().expect(200);

    // Deactivated through the first instance: the second refuses the very next request.
    const id = (await actorOf('jia.pengfei')).id;
    const user = await t
      .http()
      .get(`/api/v1/users/${id}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    await t
      .http()
      .post(`/api/v1/users/${id}/deactivate`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ version: user.body.version })
      .expect(200);
    await me().expect(401);
    reads.mockRestore();
  });
});
