// `npm start` and `npm test` build first, but a full `nest build` takes 15–90 s on two cores. Build only when the
// compiled sources or the compiler settings changed since the last build: a fingerprint of every input file's path,
// size and modification time is kept in dist/.build-fingerprint (a build empties dist/, so a failed or partial
// build leaves no fingerprint and the next start builds again).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const inputDirs = ['src', 'migrations', 'bench'];
// What `npm run bench` writes (its tables and JSON) is output, not a compiled input: a bench run must not make the
// next `npm start` rebuild.
const ignoredDirs = [path.join(root, 'bench', 'results')];
const inputFiles = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  // Bundle the service into dist/src/main.js and make the printouts' common fonts into dist/fonts/.
  '.tools/bundle-service.mjs',
  '.tools/import-meta-url.mjs',
  '.tools/common-fonts.mjs',
];
const stampFile = path.join(root, 'dist', '.build-fingerprint');

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!ignoredDirs.includes(full)) yield* walk(full);
    } else yield full;
  }
}

function fingerprint() {
  const hash = createHash('sha256');
  const files = [...inputFiles.map((f) => path.join(root, f))];
  for (const dir of inputDirs)
    if (existsSync(path.join(root, dir))) files.push(...walk(path.join(root, dir)));
  for (const file of files.sort()) {
    if (!existsSync(file)) continue;
    const s = statSync(file);
    hash.update(`${path.relative(root, file)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const wanted = fingerprint();
// `npm run build` ends with `--record`: whoever built (a developer, CI's build step) leaves the fingerprint, so the
// `npm test` or `npm start` that follows does not build the same sources a second time.
if (process.argv.includes('--record')) {
  writeFileSync(stampFile, wanted + '\n');
  process.exit(0);
}
const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
if (built === wanted && existsSync(path.join(root, 'dist', 'src', 'main.js'))) {
  console.log('build: dist/ is up to date with the sources (skipped)');
} else {
  console.log('build: sources changed since the last build, building');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
