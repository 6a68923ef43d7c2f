import { loadConfig } from './config/app-config';
import { describeDatabaseUrl, localLinksWarning, startSummary, webAddress } from './start-summary';

describe('start summary', () => {
  it('names an external database without its password', () => {
    expect(describeDatabaseUrl('postgres://rectify:s3cr%40t@db.internal:6432/rectify')).toBe(
      'rectify@db.internal:6432/rectify',
    );
    const text = startSummary({
      config: loadConfig({ DATABASE_URL: 'postgres://rectify:s3cr%40t@db.internal/rectify', PORT: '8080' }),
      demoLoaded: false,
    });
    expect(text).toContain('  Web pages   http://localhost:8080/');
    expect(text).toContain('  Data        PostgreSQL rectify@db.internal:5432/rectify (DATABASE_URL)');
    expect(text).not.toContain('s3cr');
    expect(text).not.toContain('Demo users');
    expect(text).not.toContain('Admin');
  });

  it('uses the bind address when it is not every interface', () => {
    expect(webAddress(loadConfig({ HOST: '10.1.2.3', PORT: '3001' }))).toBe('http://10.1.2.3:3001/');
    expect(webAddress(loadConfig({ HOST: '::' }))).toBe('http://localhost:3000/');
  });

  it('shows where the embedded cluster really is when it is kept outside DATA_DIR', () => {
    const text = startSummary({
      config: loadConfig({ DATA_DIR: '/srv/rectify/data' }),
      clusterDir: '/var/lib/rectify/clusters/data-1a2b',
      demoLoaded: true,
      generatedAdminPassword: 'Xy7-generated',
    });
    expect(text).toContain(
      '  Data        /srv/rectify/data (embedded PostgreSQL on 127.0.0.1:54329; cluster in /var/lib/rectify/clusters/data-1a2b)',
    );
    expect(text).toMatch(/Demo users {2}han\.jingyi.*Rectify2023/);
    expect(text).toContain('admin, generated password: Xy7-generated');
  });

  it('warns once at start when notification links would only open on this machine (no PUBLIC_BASE_URL)', () => {
    for (const HOST of ['0.0.0.0', '::']) {
      const warning = localLinksWarning(loadConfig({ HOST, PORT: '3000' }));
      expect(warning).toContain('PUBLIC_BASE_URL is not set');
      expect(warning).toContain('http://localhost:3000/');
      expect(warning).toMatch(/notifications/);
    }
    // Behind a proxy on this machine the links would read the loopback address: as useless to a phone.
    expect(localLinksWarning(loadConfig({ HOST: '127.0.0.1' }))).toContain('http://127.0.0.1:3000/');
    // Set, or a HOST others reach: nothing to say.
    expect(
      localLinksWarning(loadConfig({ HOST: '0.0.0.0', PUBLIC_BASE_URL: 'http://10.0.0.5:3000' })),
    ).toBeUndefined();
    expect(localLinksWarning(loadConfig({ HOST: '10.0.0.5' }))).toBeUndefined();
  });
});
