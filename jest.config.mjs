// Jest runs in native ESM mode: NestJS 12 is ESM-only and CommonJS Jest cannot load it on Node 20
// (see ../shared/ENGINEERING.md). `npm test` passes --experimental-vm-modules.
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

export default {
  ...common,
  // e2e files boot the whole app on a real database; a loaded 2-core CI machine needs more than the 5 s default.
  // (testTimeout is a global option: inside `projects` Jest ignores it.)
  testTimeout: 60000,
  // One PostgreSQL for the whole run (embedded, or throwaway databases on DATABASE_URL's server);
  // every test file gets its own fresh database cloned from a migrated template.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // Real chromium (Debian's package) driving the web pages; screenshots go to test/browser/screenshots/.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
