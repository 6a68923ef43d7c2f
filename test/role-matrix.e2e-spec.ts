import { ALL_ROLES, Role } from '../src/common/access/roles';
import { buildOrg, OrgFixture } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

/** Routes anyone may call without logging in. Everything else must declare its roles. */
const PUBLIC_ROUTES = new Set(['GET /api/v1/health', 'POST /api/v1/auth/login']);

interface Operation {
  method: string;
  path: string;
  roles?: Role[];
}

/**
 * The role × route matrix, read from the OpenAPI document so that it covers every route that exists — a new
 * route without declared roles fails here. For each route and role: a role that is not allowed gets 403; an
 * allowed role gets past the guard (any answer but 401/403). Write requests carry an empty body, so allowed
 * callers are stopped by validation and nothing changes.
 */
describe('Role × route matrix', () => {
  let t: TestApp;
  let org: OrgFixture;
  let operations: Operation[];

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { 'x-roles'?: Role[] }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        roles: op['x-roles'],
      })),
    );
  });
  afterAll(() => t.close());

  /** Path parameters point at records the caller's unit may not own; `spare` is a user nothing depends on. */
  const concrete = (path: string) =>
    path
      .replace('/users/{id}', `/users/${org.users.spare}`)
      .replace('{userId}', String(org.users.supervisor))
      .replace('/units/{id}', `/units/${org.units.power}`)
      .replace('{id}', '1');

  it('declares roles for every route except the public ones, and shows them in OpenAPI', () => {
    expect(operations.length).toBeGreaterThan(20);
    const undeclared = operations.filter((o) => !o.roles && !PUBLIC_ROUTES.has(`${o.method} ${o.path}`));
    expect(undeclared).toEqual([]);
  });

  it('answers 401 without a token on every non-public route', async () => {
    for (const op of operations.filter((o) => o.roles)) {
      const res = await t
        .http()
        [op.method.toLowerCase() as 'get'](concrete(op.path))
        .send(op.method === 'GET' ? undefined : {});
      expect({ route: `${op.method} ${op.path}`, status: res.status }).toEqual({
        route: `${op.method} ${op.path}`,
        status: 401,
      });
    }
  });

  it('lets exactly the declared roles past the guard', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const op of operations.filter((o) => o.roles)) {
      for (const role of ALL_ROLES) {
        const call = t
          .http()
          [op.method.toLowerCase() as 'get'](concrete(op.path))
          .set(org.auth(org.tokens[role]));
        const res = await (op.method === 'GET' ? call : call.send({}));
        const allowed = op.roles!.includes(role);
        const got = res.status === 403 ? 'forbidden' : res.status === 401 ? 'unauthenticated' : 'passed';
        outcomes.push(`${op.method} ${op.path} as ${role}: ${got}`);
        expected.push(`${op.method} ${op.path} as ${role}: ${allowed ? 'passed' : 'forbidden'}`);
      }
    }
    expect(outcomes).toEqual(expected);
  });
});
