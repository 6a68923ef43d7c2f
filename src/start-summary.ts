import path from 'node:path';
import {
  AppConfig,
  listeningAddress,
  listensEverywhere,
  publicBaseUrl,
  usesEmbeddedDatabase,
} from './config/app-config';
import { DEMO_PASSWORD_HINT } from './demo/demo-data';

export interface StartSummaryFacts {
  config: AppConfig;
  /** Where the embedded cluster really is, when it differs from DATA_DIR/postgres (e.g. kept elsewhere as root). */
  clusterDir?: string;
  /** The database holds the demo data (its users log in with the published password). */
  demoLoaded: boolean;
  /** Generated for `admin` at this start (shown once). */
  generatedAdminPassword?: string;
}

/** The address a person types: the bind address, or localhost when the service listens on every interface. */
export function webAddress(config: AppConfig): string {
  return `${listeningAddress(config)}/`;
}

/** HOST is a loopback address: only this machine reaches the service there (a reverse proxy in front of it). */
const loopbackHost = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

/**
 * The warning for a service without PUBLIC_BASE_URL whose configured base only this machine opens (HOST listens on
 * every address, so links say localhost, or HOST is loopback behind a proxy): printouts use the address each
 * request reached, but notifications cannot (they go to other people, often from jobs). Undefined when all is well.
 */
export function localLinksWarning(config: AppConfig): string | undefined {
  if (config.PUBLIC_BASE_URL || !(listensEverywhere(config) || loopbackHost(config.HOST))) return undefined;
  return (
    `PUBLIC_BASE_URL is not set, so links in notifications (e-mails, 企业微信/钉钉 robots) will read ` +
    `${publicBaseUrl(config)}/…, which only this machine opens (HOST=${config.HOST || "''"}). Set PUBLIC_BASE_URL ` +
    'to the address users open, e.g. http://10.0.0.5:3000 (printouts and QR posters use the address each request ' +
    'reached).'
  );
}

/** An external database's location without its password: user@host:port/database. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${user}${u.hostname}:${u.port || '5432'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return '(DATABASE_URL)';
  }
}

/**
 * The few lines a person needs after `npm start` (the JSON log has the details): where to open the pages and the
 * API docs, where the data lives, and how to log in the first time.
 */
export function startSummary({
  config,
  clusterDir,
  demoLoaded,
  generatedAdminPassword,
}: StartSummaryFacts): string {
  const web = webAddress(config);
  const lines = [
    '',
    'Rectify is running — 安全环保督察问题整改',
    `  Web pages   ${web}`,
    `  API docs    ${web}api/docs   (the API is under /api/v1)`,
  ];
  if (usesEmbeddedDatabase(config)) {
    const dataDir = path.resolve(config.DATA_DIR);
    const cluster =
      clusterDir && clusterDir !== path.join(dataDir, 'postgres') ? `; cluster in ${clusterDir}` : '';
    lines.push(
      `  Data        ${dataDir} (embedded PostgreSQL on 127.0.0.1:${config.EMBEDDED_PG_PORT}${cluster})`,
    );
  } else {
    lines.push(`  Data        PostgreSQL ${describeDatabaseUrl(config.DATABASE_URL!)} (DATABASE_URL)`);
  }
  if (demoLoaded)
    lines.push(
      `  Demo users  han.jingyi, wen.xiaofeng, hou.xiaodong, shi.xiaolong, … password ${DEMO_PASSWORD_HINT}` +
        ' (README: Demo data; change or deactivate them for real use)',
    );
  if (generatedAdminPassword)
    lines.push(
      `  Admin       admin, generated password: ${generatedAdminPassword} (shown once: change it after logging in)`,
    );
  lines.push('  Stop        Ctrl-C or SIGTERM', '');
  return lines.join('\n') + '\n';
}
