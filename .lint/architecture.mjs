#!/usr/bin/env node
// The architecture rules of Rectify, checked by `npm run lint` (docs/architecture.md). Uses the TypeScript compiler the
// project already has, so it runs on every Node version we support. Rules:
//   cycles     no import cycle between files of src/ (type-only imports included: they are design cycles too)
//   layers     a module imports only from modules below it in LAYERS (or from itself)
//   entities   another module's entity files are not imported for their values (types are fine; an entity may relate
//              to another module's entity): a module reaches another's tables only through that module's services
//              or repositories
//   data       SQL and TypeORM calls (getRepository, query, createQueryBuilder, transaction) only in *.repository.ts
//              files, src/database/ and src/common/persistence/ (the plumbing); services start transactions with
//              Transactions.run and hand the Tx to repositories
//   scope      `unitScopePath` is read only in src/common/access/ (the unit-scope rule lives in one file)
//   platform   the HTTP platform (express, its middleware, Nest's adapter) is imported only by the bootstrap files in
//              PLATFORM_FILES; everything else uses src/common/http/platform.ts (the seam a change of platform edits)
//   size       no file of src/ over MAX_LINES lines (the demo data in src/demo/ excepted): split it along its sections
// Usage: node .lint/architecture.mjs [--verbose] [--root <dir>]
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

// --root <dir> checks another tree (the checker's own test uses it); the default is this checkout.
const rootArg = process.argv.indexOf('--root');
const ROOT =
  rootArg > 0
    ? path.resolve(process.argv[rootArg + 1])
    : path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SRC = path.join(ROOT, 'src');

/** Lowest first. A module may import from its own folder and from any module listed before it. */
export const LAYERS = [
  ['types', 'config', 'common'],
  ['database', 'migrations'],
  ['audit-log'],
  ['jobs'],
  ['org'],
  ['users'],
  ['auth'],
  ['health'],
  ['supervision-groups'],
  ['rounds'],
  ['assessments'],
  ['findings'],
  ['weekly-reports'],
  ['closeout'],
  ['hazard-reports'],
  ['major-hazard-supervision'],
  ['statutory-statistics'],
  ['inspections'],
  ['dashboard'],
  ['notifications'],
  ['reports'],
  ['demo'],
  ['web'],
  ['.'], // src/main.ts, app.ts, app.module.ts: the composition root
];
/** Files that may reach across the layers because they assemble everything: the app and the command-line entry points. */
const COMPOSITION = new Set([
  'src/database/entities.ts',
  'src/app.module.ts',
  'src/app.ts',
  'src/main.ts',
  'src/demo/seed-cli.ts',
  'src/audit-log/verify-cli.ts',
  'src/database/migration-cli.ts',
  'src/database/backup-cli.ts',
]);
const DATA_ACCESS_OK = (rel) =>
  rel.endsWith('.repository.ts') ||
  rel.startsWith('src/database/') ||
  rel.startsWith('src/common/persistence/') ||
  rel.endsWith('.spec.ts');
const SCOPE_OK = (rel) => rel.startsWith('src/common/access/');
/** The packages of the HTTP platform, and the only files that may import them. */
const PLATFORM_PACKAGE =
  /^(express|cookie-parser|helmet|multer|fastify|@nestjs\/platform-[a-z]+|@fastify\/[a-z-]+)(\/|$)/;
const PLATFORM_FILES = new Set([
  'src/app.ts',
  'src/common/http/platform.ts',
  'src/common/http/body-parsing.ts',
  'src/common/http/framework-errors.ts',
  'src/common/http/request-id.ts',
  'src/common/http/security-headers.ts',
  'src/common/logging/request-log.ts',
  'src/common/files/upload-limit.interceptor.ts',
]);
const ENTITY_FILE = /\.entit(y|ies)\.ts$/;
const MAX_LINES = 400;
/** Data tables, not code: the demo data may be as long as it needs. */
const SIZE_OK = (rel) => rel.startsWith('src/demo/');
/**
 * Files over MAX_LINES tolerated for now, with the reason; an entry is ignored once its file is short enough.
 * Remove it when that happens.
 */
const SIZE_EXCEPTIONS = new Map([]);

const files = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(p);
  }
})(SRC);

const rel = (p) => path.relative(ROOT, p).split(path.sep).join('/');
const moduleOf = (r) =>
  r.startsWith('src/') ? (r.split('/').length > 2 ? r.split('/')[1] : '.') : r.split('/')[0];
const layerOf = (m) => LAYERS.findIndex((l) => l.includes(m));

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  for (const c of [base + '.ts', path.join(base, 'index.ts')]) if (fs.existsSync(c)) return c;
  return null;
}

const problems = [];
const graph = new Map();
for (const file of files) {
  const r = rel(file);
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES && !SIZE_OK(r) && !SIZE_EXCEPTIONS.has(r))
    problems.push(`size      ${r}  ${lines} lines (at most ${MAX_LINES}): split it along its sections`);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const spec = node.moduleSpecifier.text;
      if (PLATFORM_PACKAGE.test(spec) && !PLATFORM_FILES.has(r))
        problems.push(
          `platform  ${r}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}  imports ${spec}: use src/common/http/platform.ts`,
        );
      const target = resolveImport(file, spec);
      if (target) {
        let typeOnly;
        if (ts.isImportDeclaration(node)) {
          const ic = node.importClause;
          typeOnly =
            !!ic &&
            (ic.isTypeOnly ||
              (!ic.name &&
                ic.namedBindings &&
                ts.isNamedImports(ic.namedBindings) &&
                ic.namedBindings.elements.length > 0 &&
                ic.namedBindings.elements.every((e) => e.isTypeOnly)));
        } else typeOnly = node.isTypeOnly;
        edges.push({ target, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
      }
    }
    if (ts.isCallExpression(node) && !DATA_ACCESS_OK(r)) {
      const callee = node.expression;
      if (
        ts.isPropertyAccessExpression(callee) &&
        ['getRepository', 'query', 'createQueryBuilder', 'transaction'].includes(callee.name.text)
      ) {
        // `.query(` and `.transaction(` are TypeORM's only when called on a DataSource/EntityManager/QueryRunner-like name
        const obj = callee.expression.getText(sf);
        if (
          callee.name.text === 'getRepository' ||
          callee.name.text === 'createQueryBuilder' ||
          /(dataSource|manager|em|tx|db|runner|queryRunner|ds)$/i.test(obj)
        )
          problems.push(
            `data      ${r}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}  ${obj}.${callee.name.text}() outside a repository`,
          );
      }
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'unitScopePath' && !SCOPE_OK(r))
      problems.push(
        `scope     ${r}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}  reads unitScopePath: use UnitScope.of(actor)`,
      );
    ts.forEachChild(node, visit);
  };
  visit(sf);
  graph.set(file, edges);

  const from = moduleOf(r);
  for (const e of edges) {
    const tr = rel(e.target);
    const to = moduleOf(tr);
    if (to === from || COMPOSITION.has(r)) continue;
    if (layerOf(to) > layerOf(from))
      problems.push(`layers    ${r}:${e.line}  ${from} imports ${tr} (${to} is above ${from})`);
    // Entities may reference another module's entities (relations are foreign keys); nothing else may use them as values.
    if (ENTITY_FILE.test(tr) && !e.typeOnly && !ENTITY_FILE.test(r))
      problems.push(
        `entities  ${r}:${e.line}  imports ${tr} for its values: go through the ${to} module's service or repository`,
      );
  }
}

// Cycles: Tarjan's strongly connected components over all import edges.
let index = 0;
const stack = [];
const meta = new Map();
const sccs = [];
function strong(v) {
  meta.set(v, { index, low: index, on: true });
  index++;
  stack.push(v);
  for (const { target: w } of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
    if (!meta.has(w)) {
      strong(w);
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
    } else if (meta.get(w).on) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
  }
  if (meta.get(v).low === meta.get(v).index) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      meta.get(w).on = false;
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || (graph.get(v) ?? []).some((e) => e.target === v)) sccs.push(comp);
  }
}
for (const v of graph.keys()) if (!meta.has(v)) strong(v);
for (const comp of sccs) problems.push(`cycles    ${comp.map(rel).sort().join(' ↔ ')}`);

const counts = {};
for (const p of problems) counts[p.split(' ')[0]] = (counts[p.split(' ')[0]] ?? 0) + 1;
if (problems.length) {
  const verbose = process.argv.includes('--verbose') || problems.length <= 60;
  for (const p of verbose ? problems : problems.slice(0, 60)) console.error(p);
  if (!verbose) console.error(`… and ${problems.length - 60} more (--verbose lists all)`);
  console.error(`architecture: ${problems.length} problem(s): ${JSON.stringify(counts)}`);
  process.exit(1);
}
console.log(
  `architecture: ${files.length} files, ${sccs.length} cycles, layers, entities, data access, unit scope, platform and file sizes ok`,
);
