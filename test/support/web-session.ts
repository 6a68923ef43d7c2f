import { DEMO_PASSWORD_HINT } from '../../src/demo/demo-data';
import type { TestApp } from './test-app';

/** Logs in through the login page (as a browser would) and answers the session's Cookie header. */
export async function webLogin(t: TestApp, username: string, password = DEMO_PASSWORD_HINT): Promise<string> {
  const form = await t.http().get('/login');
  const cookies = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  const res = await t
    .http()
    .post('/login')
    .set('Cookie', cookies.join('; '))
    .type('form')
    .send({ username, password, _csrf: loginCsrf, next: '/' });
  if (res.status !== 303) throw new Error(`login of ${username} answered ${res.status}`);
  return ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** The same, with the session's CSRF token as a page's forms carry it (read from `page`, 我要举报 by default). */
export async function webSession(
  t: TestApp,
  username: string,
  password = DEMO_PASSWORD_HINT,
  page = '/hazard-reports/new',
): Promise<{ cookie: string; csrf: string }> {
  const cookie = await webLogin(t, username, password);
  const form = await t.http().get(page).set('Cookie', cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  return { cookie, csrf };
}
