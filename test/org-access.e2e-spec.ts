import { buildOrg, OrgFixture } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

describe('Units and unit-scoped access', () => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
    patch: (url: string, body: object) => t.http().patch(url).set(org.auth(token)).send(body),
  });
  const unitVersion = async (id: number) =>
    (await as(org.tokens.ADMIN).get(`/api/v1/units/${id}`)).body.version as number;

  describe('a unit officer of 热电分厂', () => {
    it('lists and searches only units in their own subtree', async () => {
      const officer = as(org.tokens.UNIT_OFFICER);
      const all = await officer.get('/api/v1/units').expect(200);
      expect(all.body.items.map((u: { name: string }) => u.name).sort()).toEqual(
        ['热电分厂', '电气工区'].sort(),
      );
      expect(all.body.total).toBe(2);
      const search = await officer.get('/api/v1/units?q=' + encodeURIComponent('宏泰')).expect(200);
      expect(search.body).toEqual({ items: [], total: 0 });
      const tree = await officer.get('/api/v1/units/tree').expect(200);
      expect(tree.body).toHaveLength(1);
      expect(tree.body[0]).toMatchObject({ name: '热电分厂', children: [{ name: '电气工区' }] });
    });

    it('gets 404 for a unit, a user and a change history outside the subtree', async () => {
      const officer = as(org.tokens.UNIT_OFFICER);
      expect((await officer.get(`/api/v1/units/${org.units.flyAsh}`).expect(404)).body.code).toBe(
        'NOT_FOUND',
      );
      await officer.get(`/api/v1/units/${org.units.companyA}`).expect(404);
      await officer.get(`/api/v1/users/${org.users.otherofficer}`).expect(404);
      await officer.get(`/api/v1/users/${org.users.reporter}`).expect(200); // inside the subtree
      const users = await officer.get('/api/v1/users').expect(200);
      expect(users.body.items.map((u: { username: string }) => u.username).sort()).toEqual([
        'reporter',
        'unithead',
        'unitofficer',
      ]);
      const foreign = await officer
        .get(`/api/v1/audit-log?entityType=Unit&entityId=${org.units.flyAsh}`)
        .expect(200);
      expect(foreign.body).toEqual({ items: [], total: 0 });
      const own = await officer
        .get(`/api/v1/audit-log?entityType=Unit&entityId=${org.units.power}`)
        .expect(200);
      expect(own.body.items[0]).toMatchObject({ action: 'UNIT_CREATED', entityId: String(org.units.power) });
    });

    it('cannot change units or users (403), whatever the unit', async () => {
      const officer = as(org.tokens.UNIT_OFFICER);
      await officer.patch(`/api/v1/units/${org.units.power}`, { version: 1, name: 'x' }).expect(403);
      await officer.patch(`/api/v1/units/${org.units.flyAsh}`, { version: 1, name: 'x' }).expect(403);
      await officer.post(`/api/v1/users/${org.users.reporter}/deactivate`, { version: 1 }).expect(403);
    });
  });

  it('lets organisation-wide roles see every unit', async () => {
    const res = await as(org.tokens.VIEWER).get('/api/v1/units').expect(200);
    expect(res.body.total).toBe(7);
  });

  it('opens the unit directory to a hazard reporter, who must be able to name any unit', async () => {
    // The reporter works in 电气工区 but may report a hazard at B's 事业部.
    const res = await as(org.tokens.REPORTER).get('/api/v1/units?q=宏泰').expect(200);
    expect(res.body.items.map((u: { id: number }) => u.id)).toEqual([org.units.flyAsh]);
  });

  it('refuses a move that would make a cycle, naming both units', async () => {
    const admin = as(org.tokens.ADMIN);
    const version = await unitVersion(org.units.power);
    const intoChild = await admin
      .post(`/api/v1/units/${org.units.power}/move`, { version, parentId: org.units.powerElectric })
      .expect(409);
    expect(intoChild.body).toMatchObject({
      code: 'UNIT_MOVE_CYCLE',
      details: { unitId: org.units.power, parentId: org.units.powerElectric },
    });
    await admin
      .post(`/api/v1/units/${org.units.power}/move`, { version, parentId: org.units.power })
      .expect(409);
    expect(await unitVersion(org.units.power)).toBe(version); // nothing changed
  });

  it('moves a unit with its whole subtree, and the scope of its users follows', async () => {
    const admin = as(org.tokens.ADMIN);
    const child = await admin
      .post('/api/v1/units', {
        code: 'A-DJC-1',
        name: '电解一车间',
        kind: 'WORKSHOP',
        parentId: org.units.smelter,
      })
      .expect(201);
    const team = await admin
      .post('/api/v1/units', { code: 'A-DJC-1-1', name: '甲班', kind: 'TEAM', parentId: child.body.id })
      .expect(201);
    await admin
      .post(`/api/v1/units/${child.body.id}/move`, { version: child.body.version, parentId: org.units.power })
      .expect(200);
    const moved = await admin.get(`/api/v1/units/${team.body.id}`).expect(200);
    expect(moved.body.path).toBe(
      `/${org.units.companyA}/${org.units.power}/${child.body.id}/${team.body.id}/`,
    );
    // 热电分厂's officer now sees the moved workshop and its team.
    await as(org.tokens.UNIT_OFFICER).get(`/api/v1/units/${team.body.id}`).expect(200);
  });

  it('keeps the old name as an alias on rename, and finds units by name, alias or code', async () => {
    const admin = as(org.tokens.ADMIN);
    const version = await unitVersion(org.units.smelter);
    const renamed = await admin
      .patch(`/api/v1/units/${org.units.smelter}`, { version, name: '电解分厂' })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: '电解分厂', aliases: ['电解厂'], version: version + 1 });
    for (const q of ['电解厂', '电解分厂', 'a-djc']) {
      const res = await admin.get(`/api/v1/units?q=${encodeURIComponent(q)}`).expect(200);
      expect(res.body.items.map((u: { id: number }) => u.id)).toContain(org.units.smelter);
    }
  });

  it('lets only one of two concurrent edits based on the same version win', async () => {
    const admin = as(org.tokens.ADMIN);
    const version = await unitVersion(org.units.safetyDept);
    const results = await Promise.all([
      admin.patch(`/api/v1/units/${org.units.safetyDept}`, { version, name: '安全环保健康部（甲）' }),
      admin.patch(`/api/v1/units/${org.units.safetyDept}`, { version, name: '安全环保健康部（乙）' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('VERSION_CONFLICT');
    const events = await t.db.query(
      `SELECT count(*)::int AS n FROM change_events WHERE entity_type = 'Unit' AND entity_id = $1 AND action = 'UNIT_UPDATED'`,
      [String(org.units.safetyDept)],
    );
    expect(events[0].n).toBe(1);
  });

  it('deactivates instead of deleting, and refuses while active children remain', async () => {
    const admin = as(org.tokens.ADMIN);
    const parent = await admin
      .post(`/api/v1/units/${org.units.companyB}/deactivate`, {
        version: await unitVersion(org.units.companyB),
      })
      .expect(409);
    expect(parent.body.code).toBe('UNIT_HAS_ACTIVE_CHILDREN');
    const leaf = await admin
      .post('/api/v1/units', {
        code: 'B-TMP',
        name: '临时工区',
        kind: 'DEPARTMENT',
        parentId: org.units.companyB,
      })
      .expect(201);
    await admin.post(`/api/v1/units/${leaf.body.id}/deactivate`, { version: leaf.body.version }).expect(200);
    const listed = await admin.get('/api/v1/units?active=false').expect(200);
    expect(listed.body.items.map((u: { code: string }) => u.code)).toEqual(['B-TMP']);
    await t.http().delete(`/api/v1/units/${leaf.body.id}`).set(org.auth(org.tokens.ADMIN)).expect(404);
    await expect(t.db.query(`DELETE FROM units WHERE id = $1`, [leaf.body.id])).rejects.toThrow(
      /not allowed/,
    );
  });

  it('refuses bad unit input with the fields at fault', async () => {
    const admin = as(org.tokens.ADMIN);
    const res = await admin
      .post('/api/v1/units', { code: 'bad code!', name: '', kind: 'PLANET' })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['code', 'kind', 'name']);
    const orphan = await admin
      .post('/api/v1/units', { code: 'X-1', name: '孤儿车间', kind: 'WORKSHOP' })
      .expect(400);
    expect(orphan.body.details[0].field).toBe('kind');
    const dup = await admin
      .post('/api/v1/units', { code: 'a-djc', name: '重复', kind: 'FACTORY', parentId: org.units.companyA })
      .expect(409);
    expect(dup.body.code).toBe('UNIT_CODE_TAKEN');
  });

  describe('supervision group (督导组)', () => {
    it('is formed by the safety office with positions that fit the members’ roles', async () => {
      const office = as(org.tokens.SAFETY_OFFICE);
      const group = await office
        .post('/api/v1/supervision-groups', {
          name: '问题整改督导组',
          campaign: '2023年1月督察“回头看”',
          officeUnitId: org.units.safetyDept,
        })
        .expect(201);
      const url = `/api/v1/supervision-groups/${group.body.id}/members`;
      await office.post(url, { userId: org.users.leader, position: 'LEADER' }).expect(201);
      const wrong = await office.post(url, { userId: org.users.supervisor, position: 'DEPUTY' }).expect(400);
      expect(wrong.body.details[0].field).toBe('position');
      await office.post(url, { userId: org.users.supervisor, position: 'MEMBER' }).expect(201);
      await office.post(url, { userId: org.users.supervisor, position: 'MEMBER' }).expect(409);
      const read = await as(org.tokens.UNIT_OFFICER)
        .get(`/api/v1/supervision-groups/${group.body.id}`)
        .expect(200);
      expect(
        read.body.members.map(
          (m: { username: string; positionLabel: string }) => `${m.username}:${m.positionLabel}`,
        ),
      ).toEqual(['leader:组长', 'supervisor:成员']);
      await office.post(`${url}/${org.users.supervisor}/leave`).expect(200);
      const after = await office.get(`/api/v1/supervision-groups/${group.body.id}`).expect(200);
      expect(after.body.members).toHaveLength(1);
    });
  });
});
