import {
  linkBaseFor,
  publicBaseUrl,
  ConfigError,
  loadConfig,
  loadsDemoData,
  shouldRunMigrationsAtStart,
  trustProxySetting,
} from './app-config';

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
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', 'loopback, proxy.example'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.300'],
    ['ADMIN_PASSWORD', 'short-pw1'],
    ['NOTIFY_LADDER', '-7=unit;1=boss'],
    ['NOTIFY_LADDER', 'T-7 unit'],
    ['SMTP_HOST', 'smtp host'],
    ['SMTP_PORT', '0'],
    ['PUBLIC_BASE_URL', 'rectify.example.com'],
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

  it('trusts no proxy by default, and the listed addresses and ranges when TRUST_PROXY is set', () => {
    expect(trustProxySetting(loadConfig({}))).toBe(false);
    expect(trustProxySetting(loadConfig({ TRUST_PROXY: 'loopback' }))).toEqual(['loopback']);
    expect(
      trustProxySetting(
        loadConfig({ TRUST_PROXY: '10.1.2.3, 192.168.0.0/16,fd00::/8, 172.16.0.0/255.240.0.0' }),
      ),
    ).toEqual(['10.1.2.3', '192.168.0.0/16', 'fd00::/8', '172.16.0.0/255.240.0.0']);
    // Fastify 5 reads a hop count as "trust nobody": refused at start rather than silently ignored.
    expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY.*hop count is not supported/);
  });

  it('issue 18: QR codes print PUBLIC_BASE_URL, else an address derived from HOST and PORT', () => {
    expect(publicBaseUrl(loadConfig({}))).toBe('http://localhost:3000');
    expect(publicBaseUrl(loadConfig({ HOST: '10.0.0.5', PORT: '8080' }))).toBe('http://10.0.0.5:8080');
    expect(publicBaseUrl(loadConfig({ PUBLIC_BASE_URL: 'https://rectify.example.com/' }))).toBe(
      'https://rectify.example.com',
    );
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'rectify.example.com' })).toThrow(/PUBLIC_BASE_URL/);
  });

  it('links made for a request: PUBLIC_BASE_URL always wins, else the address the request reached, else HOST:PORT', () => {
    const reached = 'http://10.0.0.5:3000';
    expect(linkBaseFor(loadConfig({}), reached)).toBe(reached);
    expect(linkBaseFor(loadConfig({ PUBLIC_BASE_URL: 'https://rectify.example.com/' }), reached)).toBe(
      'https://rectify.example.com',
    );
    // No well-formed address (a job, a malformed Host): the configured guess.
    expect(linkBaseFor(loadConfig({}), undefined)).toBe('http://localhost:3000');
    expect(linkBaseFor(loadConfig({ HOST: '::', PORT: '8080' }), undefined)).toBe('http://localhost:8080');
  });
});
