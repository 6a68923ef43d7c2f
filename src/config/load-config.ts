import { isIP } from 'node:net';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig, LADDER_AUDIENCES } from './settings';

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration / 配置无效:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'MIGRATIONS_RUN',
    'JWT_SECRET',
    'ADMIN_PASSWORD',
    'AUDIT_SIGNING_KEY_FILE',
    'DEMO_DATA',
    'TRUST_PROXY',
    'PUBLIC_BASE_URL',
    'SMTP_HOST',
    'SMTP_USER',
    'SMTP_PASSWORD',
  ]) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: false });
  const problems = errors.map((e) => ({
    variable: e.property,
    message: `${Object.values(e.constraints ?? {}).join('; ')} (got ${JSON.stringify(raw[e.property])})`,
  }));
  if (
    !problems.some((p) => p.variable === 'BUSINESS_TIME_ZONE') &&
    !isValidTimeZone(config.BUSINESS_TIME_ZONE)
  ) {
    problems.push({
      variable: 'BUSINESS_TIME_ZONE',
      message: `unknown time zone (got "${config.BUSINESS_TIME_ZONE}")`,
    });
  }
  if (config.TRUST_PROXY !== undefined && !problems.some((p) => p.variable === 'TRUST_PROXY')) {
    const problem = trustProxyProblem(config.TRUST_PROXY);
    if (problem)
      problems.push({ variable: 'TRUST_PROXY', message: `${problem} (got "${config.TRUST_PROXY}")` });
  }
  if (!problems.some((p) => p.variable === 'NOTIFY_LADDER')) {
    const unknown = config.NOTIFY_LADDER.split(/[;=,]/)
      .map((w) => w.trim())
      .filter((w) => !/^-?\d+$/.test(w) && !LADDER_AUDIENCES.includes(w));
    if (unknown.length)
      problems.push({
        variable: 'NOTIFY_LADDER',
        message: `unknown audience ${unknown.join(', ')}; use ${LADDER_AUDIENCES.join(', ')}`,
      });
  }
  if (
    !problems.length &&
    !(
      config.BOUNTY_GENERAL_YUAN <= config.BOUNTY_SERIOUS_YUAN &&
      config.BOUNTY_SERIOUS_YUAN <= config.BOUNTY_MAJOR_YUAN
    )
  ) {
    problems.push({
      variable: 'BOUNTY_SERIOUS_YUAN',
      message: 'bounties must rise with the level: GENERAL ≤ SERIOUS ≤ MAJOR',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** What is wrong with a TRUST_PROXY value (undefined: nothing). */
function trustProxyProblem(value: string): string | undefined {
  const v = value.trim();
  // Fastify 5 treats a hop count as "trust no proxy" (it cannot check the peer), so it would be silently ignored.
  if (/^\d+$/.test(v))
    return 'a hop count is not supported (Fastify trusts no proxy for it); name the proxies: loopback, or their addresses';
  if (/^(true|\*)$/i.test(v))
    return 'trusting every address lets any client choose its own address; list the proxies instead';
  for (const entry of v.split(',').map((e) => e.trim())) {
    if (PROXY_NAMES.has(entry)) continue;
    const [address, range, ...rest] = entry.split('/');
    const family = isIP(address);
    const ok =
      family !== 0 &&
      rest.length === 0 &&
      (range === undefined ||
        (/^\d+$/.test(range) && Number(range) <= (family === 4 ? 32 : 128)) ||
        (family === 4 && isIP(range) === 4));
    if (!ok)
      return `"${entry}" is not an address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`;
  }
  return undefined;
}
