import type { AppConfig } from './settings';

/** The value for Fastify's trustProxy: false (none) or the list of trusted addresses and ranges. */
export function trustProxySetting(config: AppConfig): false | string[] {
  const v = config.TRUST_PROXY?.trim();
  if (!v) return false;
  return v.split(',').map((e) => e.trim());
}

/** Embedded mode: no DATABASE_URL given. */
export const usesEmbeddedDatabase = (config: AppConfig): boolean => !config.DATABASE_URL;

export const shouldRunMigrationsAtStart = (config: AppConfig): boolean =>
  config.MIGRATIONS_RUN ?? usesEmbeddedDatabase(config);

/** Where the change-log checkpoint signing key lives (AUDIT_SIGNING_KEY_FILE, or under DATA_DIR). */
export const auditSigningKeyFile = (config: AppConfig): string =>
  config.AUDIT_SIGNING_KEY_FILE ?? `${config.DATA_DIR.replace(/\/+$/, '')}/audit-signing.key`;

/** Whether the demo data loads on first start: DEMO_DATA, or unset: only with the embedded database. */
export const loadsDemoData = (config: AppConfig): boolean => config.DEMO_DATA ?? usesEmbeddedDatabase(config);

/** HOST listens on every address (then it names no address anyone can reach the service at). */
export const listensEverywhere = (config: AppConfig): boolean => ['0.0.0.0', '::', ''].includes(config.HOST);

/**
 * The configured base of the service's links: PUBLIC_BASE_URL, or http://<HOST>:<PORT> (localhost for 0.0.0.0/::).
 * Notifications (e-mails, robots: read by others, often made by jobs) always use this one.
 */
export function publicBaseUrl(config: AppConfig): string {
  if (config.PUBLIC_BASE_URL) return config.PUBLIC_BASE_URL.replace(/\/+$/, '');
  return listeningAddress(config);
}

/** http://<HOST>:<PORT>, localhost for 0.0.0.0/:: (the start summary's address, the links' last fallback). */
export function listeningAddress(config: AppConfig): string {
  const host = listensEverywhere(config) ? 'localhost' : config.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
}

/**
 * The base of links made for the person asking (a printout's QR code, a poster, a link on a page): PUBLIC_BASE_URL
 * when set, else the address their request reached (`origin`: Actor.origin), else publicBaseUrl's guess — so a
 * printout asked for at http://10.0.0.5:3000 does not send a phone to localhost.
 */
export const linkBaseFor = (config: AppConfig, origin: string | undefined): string =>
  config.PUBLIC_BASE_URL || !origin ? publicBaseUrl(config) : origin;
