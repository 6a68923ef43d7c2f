import { ConfigError, loadConfig, loadsDemoData, shouldRunMigrationsAtStart } from './app-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      DATA_DIR: '.data',
      EMBEDDED_PG_PORT: 54329,
      BUSINESS_TIME_ZONE: 'Asia/Shanghai',
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(shouldRunMigrationsAtStart(c)).toBe(true);
  });

  it('does not run migrations at start against an external database unless asked', () => {
    expect(shouldRunMigrationsAtStart(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }))).toBe(false);
    expect(
      shouldRunMigrationsAtStart(loadConfig({ DATABASE_URL: 'postgres://u@h/db', MIGRATIONS_RUN: 'true' })),
    ).toBe(true);
  });

  it('loads the demo data by default only with the embedded database; DATABASE_URL needs DEMO_DATA=true', () => {
    expect(loadsDemoData(loadConfig({}))).toBe(true);
    expect(loadsDemoData(loadConfig({ DEMO_DATA: 'false' }))).toBe(false);
    expect(loadsDemoData(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }))).toBe(false);
    expect(loadsDemoData(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO_DATA: '' }))).toBe(false);
    expect(loadsDemoData(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO_DATA: 'true' }))).toBe(true);
  });

  it.each([
    ['DEMO_DATA', 'maybe'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['BUSINESS_TIME_ZONE', 'Mars/Olympus'],
    ['LOG_LEVEL', 'loud'],
    ['MIGRATIONS_RUN', 'perhaps'],
  ])('refuses %s=%s and names the variable', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
    expect((error as Error).message).toContain(variable);
  });
});
