import os from 'node:os';

// Jest runs in native ESM mode: NestJS 12 is ESM-only and CommonJS Jest cannot load it on Node 20
// (see ../shared/ENGINEERING.md). `npm test` passes --experimental-vm-modules.
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

// The projects that need PostgreSQL: one server for the whole run (embedded, or throwaway databases on
// DATABASE_URL's server); every test file gets its own fresh database cloned from a migrated template, or from a
// template that also holds the demo data (seeded once per run). Jest runs a project's global setup only when that
// project has tests to run, and the same file once even when both projects do.
const database = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

export default {
  ...common,
  // e2e files boot the whole app on a real database; a loaded 2-core machine (a second suite or a benchmark running)
  // needs far more than the 5 s default: at load 16 a beforeAll that builds an organisation took over 60 s. A broken
  // test still fails, only later. (testTimeout is a global option: inside `projects` Jest ignores it.)
  testTimeout: 180_000,
  // Jest's default is one worker fewer than the cores: on a 2-core machine that is one, and one worker means the
  // whole suite runs in band, one file after another in Jest's own process. An e2e or browser file spends part of its
  // time waiting (on PostgreSQL, a spawned service, chromium, a timeout it tests), so on 2 cores three files at a
  // time keep both cores busier than two (2026-12-03, same commit: Jest 340 and 425 s with three, 412 and 448 s with
  // two; the machine's own noise is as large); bigger machines keep Jest's default. `-w N` still overrides this.
  maxWorkers: Math.max(3, os.availableParallelism() - 1),
  // Jest's usual order; it also tells the global setup which test files were selected (whether to seed the demo).
  testSequencer: '<rootDir>/test/support/test-sequencer.mjs',
  projects: [
    // Plain functions and classes: no database, so no global setup.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, ...database, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Real chromium (Debian's package) driving the web pages; screenshots go to test/browser/screenshots/.
    {
      ...common,
      ...database,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
  ],
};
