import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The architecture check of `npm run lint` (.lint/architecture.mjs) catches each kind of breach it promises: run on a
 * small tree made for the purpose, it must name every one — and pass on this checkout.
 */
describe('npm run lint: the architecture check', () => {
  const checker = path.resolve('.lint/architecture.mjs');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [checker, '--verbose', ...args], { encoding: 'utf8' });
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rectify-arch-'));
    const file = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    // an upward import: rounds (lower) importing from findings (higher)
    file(
      'src/rounds/rounds.service.ts',
      "import { x } from '../findings/findings.service';\nexport const r = x;\n",
    );
    file('src/findings/findings.service.ts', 'export const x = 1;\n');
    // a cycle between two files of one module
    file('src/findings/a.ts', "import { b } from './b';\nexport const a = () => b;\n");
    file('src/findings/b.ts', "import { a } from './a';\nexport const b = () => a;\n");
    // another module's entity used as a value, and SQL outside a repository
    file('src/org/unit.entity.ts', 'export class Unit {}\n');
    file(
      'src/findings/lookup.service.ts',
      "import { Unit } from '../org/unit.entity';\nexport const find = (ds: { getRepository(e: unknown): unknown }) => ds.getRepository(Unit);\n",
    );
    // the unit-scope rule written by hand
    file(
      'src/weekly-reports/scope.ts',
      "export const mine = (actor: { unitScopePath: string | null }, p: string) => p.startsWith(actor.unitScopePath ?? '');\n",
    );
    // a page that speaks express instead of the platform seam; the seam itself may
    file(
      'src/web/raw.pages.ts',
      "import type { Response } from 'express';\nexport const send = (res: Response) => res.redirect('/');\n",
    );
    file(
      'src/common/http/platform.ts',
      "import type { Response } from 'express';\nexport type HttpResponse = Response;\n",
    );
    // a source file of 401 lines, one of exactly 400, and long demo data (allowed)
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};\n`).join('');
    file('src/findings/too-long.ts', lines(401));
    file('src/findings/just-fits.ts', lines(400));
    file('src/demo/demo-data.ts', lines(900));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names an upward import, a cycle, a foreign entity, SQL outside a repository, a hand-written unit scope and express outside the platform seam', () => {
    const res = run('--root', root);
    expect(res.status).toBe(1);
    const out = res.stderr;
    expect(out).toMatch(/^layers\s+src\/rounds\/rounds\.service\.ts:1 .*findings is above rounds/m);
    expect(out).toMatch(/^cycles\s+src\/findings\/a\.ts ↔ src\/findings\/b\.ts/m);
    expect(out).toMatch(/^entities\s+src\/findings\/lookup\.service\.ts:1 .*src\/org\/unit\.entity\.ts/m);
    expect(out).toMatch(/^data\s+src\/findings\/lookup\.service\.ts:2 .*getRepository/m);
    expect(out).toMatch(/^scope\s+src\/weekly-reports\/scope\.ts:1 .*unitScopePath/m);
    expect(out).toMatch(
      /^platform\s+src\/web\/raw\.pages\.ts:1 +imports express: use src\/common\/http\/platform\.ts/m,
    );
    expect(out).not.toMatch(/^platform\s+src\/common\/http\/platform\.ts/m);
  });

  it('names a source file over 400 lines, but not one of 400 nor the demo data', () => {
    const out = run('--root', root).stderr;
    expect(out).toMatch(/^size\s+src\/findings\/too-long\.ts\s+401 lines/m);
    expect(out).not.toMatch(/just-fits/);
    expect(out).not.toMatch(/^size\s+src\/demo\//m);
  });

  it('passes on this checkout', () => {
    const res = run();
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/0 cycles/);
  });
});
