import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { synonymRows } from '../src/findings/rules/safety-synonyms';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { login } from './support/org-fixture';
import { binary, pdfPages } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';

interface LabelledPair {
  a: string;
  categoryA: string;
  tagsA: string[];
  b: string;
  categoryB: string;
  tagsB: string[];
  similar: boolean;
}
const labelled = JSON.parse(
  readFileSync(path.join(process.cwd(), 'test', 'support', 'similarity-pairs.json'), 'utf8'),
) as { pairs: LabelledPair[] };

/**
 * Issue 16 points 13–15 on the demo data (the January 2023 look-back): counts by source without cancelled findings,
 * similar-finding suggestions, and 倒查 by the normalised name.
 */
describe('Issue 16: counts by source, similarity, 倒查 by name', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    for (const u of ['han.jingyi', 'wen.xiaofeng', 'hou.xiaodong', 'qin.guodong'])
      tokens[u] = await login(t, u, DEMO_PASSWORD_HINT);
  });
  afterAll(() => t.close());

  const api = (user: string) => ({
    get: (url: string) => t.http().get(url).set('Authorization', `Bearer ${tokens[user]}`),
    post: (url: string, body: object = {}) =>
      t.http().post(url).set('Authorization', `Bearer ${tokens[user]}`).send(body),
  });
  const office = () => api('han.jingyi');

  /** A web session for a demo user: the login form with its CSRF cookie, then the session cookie. */
  async function webSession(user: string): Promise<string> {
    const form = await t.http().get('/login').expect(200);
    const cookie = String(form.headers['set-cookie']).split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const res = await t
      .http()
      .post('/login')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, username: user, password: DEMO_PASSWORD_HINT, next: '/' });
    const set = res.headers['set-cookie'] as unknown as string[];
    return set.map((c) => c.split(';')[0]).find((c) => c.startsWith('rectify_session='))!;
  }

  async function lookBackRounds(): Promise<{ id: number; name: string; originalRoundId: number }[]> {
    return (await office().get('/api/v1/rounds?kind=LOOK_BACK').expect(200)).body.items;
  }

  describe('point 13: counts by source, cancelled apart, recurrences from any round', () => {
    it('13: the four look-backs count 14, 13, 10 and 6 on the audit-team line, self-check and cancelled apart', async () => {
      const found: Record<string, number> = {};
      for (const r of await lookBackRounds()) {
        const stats = (await office().get(`/api/v1/rounds/${r.id}/statistics`).expect(200)).body;
        const lb = (await office().get(`/api/v1/rounds/${r.id}/look-back`).expect(200)).body;
        const audit = stats.bySource.find((l: { source: string }) => l.source === 'AUDIT_TEAM');
        expect(stats.total).toBe(audit.total); // 问题总数 is the audit team's line
        expect(lb.summary.auditTeam.found).toBe(audit.total);
        expect(lb.summary.newProblemCount).toBe(lb.summary.auditTeam.found - lb.summary.auditTeam.recurred);
        // Cancelled findings are in no total, and listed apart.
        expect(lb.cancelled.length).toBe(lb.summary.cancelledCount);
        expect(stats.cancelled).toBe(
          stats.bySource.reduce((a: number, l: { cancelled: number }) => a + l.cancelled, 0),
        );
        for (const f of [...lb.newProblems, ...lb.recurred]) expect(f.status).not.toBe('CANCELLED');
        found[r.name] = audit.total;
      }
      expect(Object.values(found).sort((a, b) => a - b)).toEqual([6, 10, 13, 14]);
      const xclSafety = Object.keys(found).find((n) => found[n] === 14)!;
      expect(xclSafety).toContain('新材料');
      expect(xclSafety).toContain('职业健康安全');
    });

    it('13: a round the company runs itself (专项检查: 隐患举报, 重要危险源检查) counts every source in its 问题总数, the same on every view', async () => {
      const rounds = (await office().get('/api/v1/rounds?kind=SPECIAL').expect(200)).body.items as {
        id: number;
        name: string;
      }[];
      const cookie = await webSession('han.jingyi');
      const list = await t.http().get('/rounds?kind=SPECIAL').set('Cookie', cookie).expect(200);
      let checked = 0;
      for (const r of rounds) {
        const findings = (await office().get(`/api/v1/findings?roundId=${r.id}&limit=200`).expect(200)).body
          .items as { status: string }[];
        const counted = findings.filter((f) => f.status !== 'CANCELLED').length;
        if (!counted) continue;
        const stats = (await office().get(`/api/v1/rounds/${r.id}/statistics`).expect(200)).body;
        // It was the audit team's line, 0 for these rounds whatever they held.
        expect([r.name, stats.headline, stats.total]).toEqual([r.name, 'ALL_SOURCES', counted]);
        const row = new RegExp(`href="/rounds/${r.id}"[\\s\\S]*?data-label="问题数">(\\d+)<`).exec(list.text);
        expect([r.name, Number(row?.[1])]).toEqual([r.name, counted]);
        const page = await t.http().get(`/rounds/${r.id}`).set('Cookie', cookie).expect(200);
        expect(page.text).toContain(`<strong>${counted}</strong><span>问题总数</span>`);
        expect(page.text).toContain('问题总数是本轮登记的全部问题');
        const ledger = await office()
          .get(`/api/v1/reports/rounds/${r.id}/ledger`)
          .buffer(true)
          .parse(binary)
          .expect(200);
        const first = (await pdfPages(ledger.body as Buffer))[0].replace(/\s+/g, '');
        expect(first).toContain(`问题总数（各来源，不含作废）${counted}`);
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(2);
    });

    it('13: the 新材料 safety look-back shows 问题总数 14 and 本轮新发现 12, its self-check items on their own line', async () => {
      const r = (await lookBackRounds()).find((x) => x.name.includes('新材料') && x.name.includes('安全'))!;
      const stats = (await office().get(`/api/v1/rounds/${r.id}/statistics`).expect(200)).body;
      expect(stats.total).toBe(14);
      const self = stats.bySource.find((l: { source: string }) => l.source === 'SELF_CHECK');
      const all = (await office().get(`/api/v1/findings?roundId=${r.id}&limit=1`).expect(200)).body.total;
      expect(self.total + stats.total + stats.cancelled).toBeLessThanOrEqual(all);
      expect(stats.cancelled).toBeGreaterThanOrEqual(1);
      const lb = (await office().get(`/api/v1/rounds/${r.id}/look-back`).expect(200)).body;
      expect(lb.summary.newProblemCount).toBe(12);
      expect(lb.summary.auditTeam).toMatchObject({ found: 14, recurred: 2, newProblems: 12 });

      // The pages show the same lines: the round list, the round's statistics, the comparison.
      const cookie = await webSession('han.jingyi');
      const list = await t.http().get('/rounds?kind=LOOK_BACK').set('Cookie', cookie).expect(200);
      const row = list.text.split('<tr>').find((x) => x.includes(r.name))!;
      const cells = [...row.matchAll(/<td class="num"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
      expect(cells[0]).toBe('14');
      const detail = await t.http().get(`/rounds/${r.id}`).set('Cookie', cookie).expect(200);
      expect(detail.text).toMatch(/<strong>14<\/strong><span>问题总数<\/span>/);
      expect(detail.text).toMatch(/data-source="SELF_CHECK"><td>单位自查<\/td>/);
      const page = await t.http().get(`/rounds/${r.id}/look-back`).set('Cookie', cookie).expect(200);
      expect(page.text).toMatch(/<strong>12<\/strong><span>本轮新发现<\/span>/);
      expect(page.text).toContain('已作废（不计入）');

      // The printed ledger's header: the audit team's line, the sources, the cancelled apart.
      const pdf = await office().get(`/api/v1/reports/rounds/${r.id}/ledger`).buffer(true).parse(binary);
      const text = (await pdfPages(pdf.body as Buffer)).join('\n');
      expect(text).toMatch(/问题总数（督察组，不含作废）\s*14/);
      expect(text).toContain('单位自查');
      expect(text).toContain('作废（不计入合计）');
    });

    it('13: each line of a round’s table by unit opens a list whose total is its figure (QA: 热电分厂 2 listed 5, its workshops’ too)', async () => {
      const r = (await lookBackRounds()).find((x) => x.name.includes('新材料') && x.name.includes('安全'))!;
      for (const user of ['han.jingyi', 'wen.xiaofeng']) {
        const cookie = await webSession(user);
        const detail = await t.http().get(`/rounds/${r.id}`).set('Cookie', cookie).expect(200);
        const table = detail.text.split('按责任单位')[1].split('</table>')[0];
        const rows = table.split('<tr').slice(2);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          const [, href, name] = /<a href="([^"]+)">([^<]+)<\/a>/.exec(row)!;
          const total = /data-label="问题数">(\d+)</.exec(row)![1];
          const list = await t.http().get(href.replace(/&amp;/g, '&')).set('Cookie', cookie).expect(200);
          expect([user, name, /<h1>问题清单 <span class="count">(\d+)</.exec(list.text)![1]]).toEqual([
            user,
            name,
            total,
          ]);
          // The filter says so where it can be changed: 仅本级 ticked (it was a hidden field under 含下级).
          expect(list.text).toMatch(/<input type="checkbox" name="unitOnly" value="true" checked> 仅本级/);
          const overdue = /data-label="已超期"><a class="tag-overdue" href="([^"]+)">(\d+)</.exec(row);
          if (!overdue) continue;
          const late = await t
            .http()
            .get(overdue[1].replace(/&amp;/g, '&'))
            .set('Cookie', cookie)
            .expect(200);
          expect([user, name, /<h1>问题清单 <span class="count">(\d+)</.exec(late.text)![1]]).toEqual([
            user,
            name,
            overdue[2],
          ]);
        }
      }
    });

    it('13: a recurrence logged in another round still marks the original as RECURRED in the comparison', async () => {
      const rounds = await lookBackRounds();
      const lbSafety = rounds.find((x) => x.name.includes('新材料') && x.name.includes('安全'))!;
      const lbEnv = rounds.find((x) => x.name.includes('新材料') && x.name.includes('环'))!;
      const before = (await office().get(`/api/v1/rounds/${lbSafety.id}/look-back`).expect(200)).body;
      const held = before.rechecked.find((f: { outcome: string }) => f.outcome === 'CLOSED_AND_HELD');
      expect(held).toBeDefined();
      const original = (await office().get(`/api/v1/findings/${held.id}`).expect(200)).body;
      const again = await office()
        .post('/api/v1/findings', {
          roundId: lbEnv.id,
          unitId: original.unitId,
          description: `${original.description}（回头看环保督察时再次发现）`,
          location: original.location,
          level: 'GENERAL',
          category: original.category,
          source: 'AUDIT_TEAM',
          foundDate: '2023-01-12',
          foundBy: '中铝集团第二督察组',
          deadline: '2023-03-31',
          responsiblePerson: original.responsiblePerson,
          recurrenceOfId: original.id,
        })
        .expect(201);
      const after = (await office().get(`/api/v1/rounds/${lbSafety.id}/look-back`).expect(200)).body;
      const marked = after.rechecked.find((f: { id: number }) => f.id === held.id);
      expect(marked.outcome).toBe('RECURRED');
      expect(marked.recurredAs).toEqual([
        expect.objectContaining({
          id: again.body.id,
          roundId: lbEnv.id,
          roundName: lbEnv.name,
          inThisLookBack: false,
        }),
      ]);
      expect(after.summary.recurredCount).toBe(before.summary.recurredCount + 1);
      // The look-back's own counts do not change: the recurrence belongs to the other round.
      expect(after.summary.auditTeam).toEqual(before.summary.auditTeam);
    });
  });

  describe('point 15: 倒查 by the normalised name, persons chosen from users', () => {
    it('15: accountability for 赵立新 covers the earlier finding’s “燃化工区主任 赵立新”; the gate lists who is still uncovered', async () => {
      const rounds = await lookBackRounds();
      const lbSafety = rounds.find((x) => x.name.includes('新材料') && x.name.includes('安全'))!;
      const lb = (await office().get(`/api/v1/rounds/${lbSafety.id}/look-back`).expect(200)).body;
      const held = lb.rechecked.filter((f: { outcome: string }) => f.outcome === 'CLOSED_AND_HELD').pop();
      // The 2022 ledger wrote its persons with their unit and title, as paper ledgers do.
      await t.db.query(`UPDATE findings SET responsible_person = $2, responsible_leader = $3 WHERE id = $1`, [
        held.id,
        '燃化工区主任 赵立新',
        '分管生产副总经理 钱卫东',
      ]);
      const original = (await office().get(`/api/v1/findings/${held.id}`).expect(200)).body;
      const again = (
        await office()
          .post('/api/v1/findings', {
            roundId: lbSafety.id,
            unitId: original.unitId,
            description: `${original.description}（再次发现）`,
            location: original.location,
            level: 'GENERAL',
            category: original.category,
            source: 'AUDIT_TEAM',
            foundDate: '2023-01-10',
            foundBy: '中铝集团第二督察组',
            deadline: '2023-03-31',
            responsiblePerson: '赵立新',
            recurrenceOfId: original.id,
          })
          .expect(201)
      ).body;
      const rule4 = async () =>
        (await office().get(`/api/v1/findings/${again.id}/closeout`).expect(200)).body.rules[3];
      expect((await rule4()).uncoveredPersons).toEqual(['燃化工区主任 赵立新', '分管生产副总经理 钱卫东']);

      // The page offers the uncovered persons and the users in its person picker.
      const cookie = await webSession('hou.xiaodong');
      const page = await t.http().get(`/findings/${again.id}`).set('Cookie', cookie).expect(200);
      const picker = /<datalist id="person-options">([\s\S]*?)<\/datalist>/.exec(page.text)![1];
      expect(picker).toContain('<option value="燃化工区主任 赵立新">原问题责任人，尚未追责</option>');
      expect(picker).toContain('<option value="韩静怡">');
      expect(page.text).toMatch(/name="personName" list="person-options"/);
      expect(page.text).toContain('倒查尚未追责：燃化工区主任 赵立新、分管生产副总经理 钱卫东');

      const hold = (personName: string) =>
        api('hou.xiaodong')
          .post(`/api/v1/findings/${again.id}/accountability`, {
            kind: 'ACTION',
            personName,
            action: 'CRITICISM',
            decidedBy: '公司安全生产委员会',
            decidedOn: '2023-03-20',
          })
          .expect(201);
      await hold('赵立新');
      let r4 = await rule4();
      expect(r4.satisfied).toBe(false);
      expect(r4.uncoveredPersons).toEqual(['分管生产副总经理 钱卫东']);
      expect(r4.detail).toContain('分管生产副总经理 钱卫东 尚未处理');
      expect(r4.detail).not.toContain('赵立新');
      await hold('钱卫东（分管生产副总经理）');
      r4 = await rule4();
      expect(r4.satisfied).toBe(true);
      expect(r4.uncoveredPersons).toEqual([]);
    });
  });

  describe('point 14: similarity is text first, with the synonym table', () => {
    let lbSafetyId: number;
    let probeUnitId: number;
    let otherUnitId: number;

    beforeAll(async () => {
      lbSafetyId = (await lookBackRounds()).find(
        (x) => x.name.includes('新材料') && x.name.includes('安全'),
      )!.id;
      const units = (await office().get('/api/v1/units?limit=1000').expect(200)).body.items as {
        id: number;
        name: string;
      }[];
      probeUnitId = units.find((u) => u.name === '热电分厂')!.id;
      otherUnitId = units.find((u) => u.name === '电解厂')!.id;
    });

    const log = async (description: string, category: string, tags: string[]) =>
      (
        await office()
          .post('/api/v1/findings', {
            roundId: lbSafetyId,
            unitId: otherUnitId,
            description,
            location: '电解厂',
            level: 'GENERAL',
            category,
            tags,
            source: 'AUDIT_TEAM',
            foundDate: '2023-01-10',
            foundBy: '中铝集团第二督察组',
            deadline: '2023-03-31',
            responsiblePerson: '电解厂负责人',
          })
          .expect(201)
      ).body.id as number;
    const suggested = async (description: string, category: string, tags: string[]) =>
      (
        await office()
          .post('/api/v1/findings/suggestions', { unitId: probeUnitId, description, category, tags })
          .expect(200)
      ).body.similar as { id: number; score: number; textScore: number }[];

    it('14: suggests the same text logged under another category, and synonyms without shared characters', async () => {
      const otherCategory = await log('皮带廊积尘严重未及时清理', 'ENVIRONMENTAL', []);
      const synonym = await log('消防器材过期未更换', 'UNSAFE_CONDITION', []);
      const unrelated = await log('配电室电气抽屉开关发热', 'UNSAFE_CONDITION', []);
      const dust = await suggested('皮带廊积尘严重未及时清理', 'UNSAFE_CONDITION', []);
      expect(dust.map((s) => s.id)).toContain(otherCategory);
      expect(dust.find((s) => s.id === otherCategory)!.textScore).toBe(1);
      const extinguisher = await suggested('灭火器超过有效期', 'UNSAFE_CONDITION', []);
      expect(extinguisher.map((s) => s.id)).toContain(synonym);
      expect(extinguisher.map((s) => s.id)).not.toContain(unrelated);
      // The same category raises the score; it does not decide it.
      const hit = extinguisher.find((s) => s.id === synonym)!;
      expect(hit.score).toBeGreaterThan(hit.textScore);
    });

    it('14: reads finding texts through the synonym table kept in the data file', async () => {
      const rows: { term: string; canonical: string }[] = await t.db.query(
        `SELECT term, canonical FROM similarity_synonyms ORDER BY term`,
      );
      const expected = synonymRows().sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
      expect(rows).toEqual(expected);
      const [r] = await t.db.query(
        `SELECT rectify_canonical('消防器材超过有效期') AS a, rectify_canonical('防护栏杆缺失') AS b,
                rectify_canonical('作业人员在现场抽烟') AS c, rectify_canonical('托辊积尘') AS d`,
      );
      expect(r).toEqual({ a: '灭火器过期', b: '护栏缺失', c: '在吸烟', d: '托辊粉尘' });
    });

    it('14: precision and recall ≥ 0.9 on the labelled pairs from the newspapers’ problems (suggestions API)', async () => {
      const pairs = labelled.pairs;
      expect(pairs.length).toBeGreaterThanOrEqual(60);
      expect(pairs.filter((p) => p.similar).length).toBeGreaterThanOrEqual(25);
      expect(pairs.filter((p) => !p.similar).length).toBeGreaterThanOrEqual(25);
      const partners: number[] = [];
      for (const p of pairs) partners.push(await log(p.b, p.categoryB, p.tagsB));
      let tp = 0;
      let fp = 0;
      let fn = 0;
      const wrong: string[] = [];
      for (const [i, p] of pairs.entries()) {
        const ids = (await suggested(p.a, p.categoryA, p.tagsA)).map((s) => s.id);
        const shown = ids.includes(partners[i]);
        if (shown && p.similar) tp++;
        if (shown && !p.similar) fp++;
        if (!shown && p.similar) fn++;
        if (shown !== p.similar) wrong.push(`${p.similar ? 'missed' : 'wrongly shown'}: ${p.a} | ${p.b}`);
      }
      const precision = tp / (tp + fp);
      const recall = tp / (tp + fn);
      // The measured figures are the test's report (README quotes them), so they are printed.
      // eslint-disable-next-line no-console
      console.log(
        `similarity on ${pairs.length} labelled pairs: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n${wrong.join('\n')}`,
      );
      expect(precision).toBeGreaterThanOrEqual(0.9);
      expect(recall).toBeGreaterThanOrEqual(0.9);
    });
  });
});
