import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `npm start` and `npm test` build first only when a compiled input changed (.tools/build-if-changed.mjs). Run here on
 * a checkout of its own whose `build` script only counts how often it ran: what a developer notices is whether the
 * next start spends 15–90 s building.
 */
describe('build-if-changed (the build before npm start and npm test)', () => {
  let dir: string;
  const builds = () => readFileSync(path.join(dir, 'builds.log'), 'utf8').split('\n').filter(Boolean).length;
  const check = () =>
    execFileSync(process.execPath, ['.tools/build-if-changed.mjs'], { cwd: dir, encoding: 'utf8' }).trim();

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rectify-build-check-'));
    mkdirSync(path.join(dir, '.tools'));
    copyFileSync(path.resolve('.tools/build-if-changed.mjs'), path.join(dir, '.tools/build-if-changed.mjs'));
    // The real build is `nest build && node .tools/build-if-changed.mjs --record`; this one writes dist/ and a line.
    const fakeBuild =
      "const fs=require('fs');fs.mkdirSync('dist/src',{recursive:true});fs.writeFileSync('dist/src/main.js','');" +
      "fs.appendFileSync('builds.log','built\\n')";
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'build-check',
        private: true,
        scripts: { build: `node -e "${fakeBuild}" && node .tools/build-if-changed.mjs --record` },
      }),
    );
    writeFileSync(path.join(dir, 'builds.log'), '');
    for (const d of ['src', 'migrations', 'bench/results']) mkdirSync(path.join(dir, d), { recursive: true });
    writeFileSync(path.join(dir, 'src', 'main.ts'), 'export {};\n');
    writeFileSync(path.join(dir, 'bench', 'run.ts'), 'export {};\n');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds once, then not again until a compiled input changes — a bench run’s results are not one', () => {
    expect(check()).toContain('sources changed since the last build, building');
    expect(builds()).toBe(1);

    expect(check()).toBe('build: dist/ is up to date with the sources (skipped)');
    expect(builds()).toBe(1);

    // What `npm run bench` writes: its table and JSON.
    writeFileSync(path.join(dir, 'bench', 'results', 'LATEST.md'), '# Rectify bench\n');
    writeFileSync(path.join(dir, 'bench', 'results', 'latest.json'), '{}\n');
    expect(check()).toBe('build: dist/ is up to date with the sources (skipped)');
    expect(builds()).toBe(1);

    // A source file and a bench source file are inputs.
    writeFileSync(path.join(dir, 'src', 'main.ts'), 'export const changed = true;\n');
    expect(check()).toContain('building');
    expect(builds()).toBe(2);
    writeFileSync(path.join(dir, 'bench', 'run.ts'), 'export const changed = true;\n');
    expect(check()).toContain('building');
    expect(builds()).toBe(3);
  });

  /**
   * The operator commands run beside a running service and from cron (a nightly backup): a full build before each
   * spent 15–90 s and emptied dist/ (nest build's deleteOutDir) under the service and any other command running.
   */
  it('the operator commands build only when a compiled input changed, like npm start', () => {
    const real = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    const commands = [
      'backup',
      'restore',
      'audit:verify',
      'migration:run',
      'migration:revert',
      'migration:check',
    ];
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const name of [...commands, 'seed:demo']) pkg.scripts[name] = real[name];
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    check(); // package.json is an input: built once for it
    const built = builds();
    // Each command's program, standing in for the real one: it only has to run.
    for (const cli of [
      'database/backup-cli',
      'audit-log/verify-cli',
      'database/migration-cli',
      'demo/seed-cli',
    ]) {
      mkdirSync(path.dirname(path.join(dir, 'dist/src', cli)), { recursive: true });
      writeFileSync(path.join(dir, 'dist/src', `${cli}.js`), '');
    }
    for (const name of [...commands, 'seed:demo']) {
      execFileSync('npm', ['run', '--silent', name], { cwd: dir, encoding: 'utf8' });
      expect({ name, builds: builds() }).toEqual({ name, builds: built });
    }
  });
});
