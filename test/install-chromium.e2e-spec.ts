import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.resolve('test/browser/support/install-chromium.sh');

/**
 * `npm test` runs install-chromium.sh first. For a user who is not root and has chromium and the CJK fonts, it must
 * return at once without asking for root — also when the font list is long (`fc-list | grep -q` under pipefail
 * failed whenever grep stopped reading before fc-list finished writing). The machine's commands are replaced by
 * stand-ins on PATH: a non-root `id`, chromium and pdftoppm present, a long font list with the CJK font first, and `sudo` /
 * `apt-get` that only record being called.
 */
describe('install-chromium.sh for a non-root user with chromium and the fonts installed', () => {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'rectify-fake-bin-'));
  const calls = path.join(bin, 'calls.log');
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  const fake = (name: string, body: string) => {
    writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  };
  beforeAll(() => {
    fake('id', 'echo 1000');
    fake('chromium', 'echo "Chromium 140.0 built on Debian"');
    fake('pdftoppm', 'echo "pdftoppm version 22.02.0"');
    // About 1.6 MB, far more than a pipe holds: a reader that stops early makes this writer die of SIGPIPE.
    fake(
      'fc-list',
      'for i in $(seq 1 20000); do echo "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular"; done',
    );
    fake('sudo', `echo "sudo $*" >> ${calls}; exit 1`);
    fake('apt-get', `echo "apt-get $*" >> ${calls}; exit 1`);
  });

  it('exits 0 and never asks for root or apt-get (tried 5 times)', () => {
    for (let i = 0; i < 5; i++) {
      const run = spawnSync('bash', [SCRIPT], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        encoding: 'utf8',
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).not.toContain('installing');
    }
    expect(existsSync(calls) ? readFileSync(calls, 'utf8') : '').toBe('');
  });
});
