import 'reflect-metadata';

// The settings themselves: one validated property per environment variable. Loading and checking them is
// load-config.ts, the values derived from them derived-settings.ts; app-config.ts exports all three.
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** Turns "true"/"1"/"yes" and "false"/"0"/"no" into booleans; anything else stays and fails validation. */
const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** The audiences a step of NOTIFY_LADDER may name (notifications/rules/ladder.ts resolves them). */
export const LADDER_AUDIENCES = ['unit', 'head', 'office', 'leader2', 'group'];

/**
 * Every setting the service reads from the environment. Names are the environment variable names,
 * so a validation error names exactly the variable to fix. See the configuration table in docs/operations.md.
 */
/** DB_POOL_IDLE_TIMEOUT_MS' default, 5 minutes (the bench's reference handlers keep their connections as long). */
export const DEFAULT_DB_POOL_IDLE_TIMEOUT_MS = 300_000;

export class AppConfig {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** External PostgreSQL. Unset: the service runs its own embedded PostgreSQL. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must look like postgres://user:password@host:port/database',
  })
  DATABASE_URL?: string;

  /** Where the embedded PostgreSQL keeps its cluster (and other local state). */
  @IsString()
  @MinLength(1)
  DATA_DIR = '.data';

  /** TCP port of the embedded PostgreSQL; deliberately not 5432 so it never clashes with a system server. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /**
   * Run pending migrations at start. Unset: yes for the embedded database (single instance),
   * no for DATABASE_URL (several instances: migrations are a deploy step, `npm run migration:run`).
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN?: boolean;

  /** The business time zone used by every date and deadline rule. */
  @IsString()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, {
    message: 'BUSINESS_TIME_ZONE must be an IANA zone such as Asia/Shanghai',
  })
  BUSINESS_TIME_ZONE = 'Asia/Shanghai';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Largest accepted JSON body, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Signing key for access tokens. Unset: generated once and shared by all instances through the database. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  JWT_EXPIRES_IN_SECONDS = 8 * 3600;

  /** Password of the `admin` created on first start; unset: one is generated and printed once to the log. */
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  ADMIN_PASSWORD?: string;

  /** How long a web-page login lasts (hours); the API's tokens have JWT_EXPIRES_IN_SECONDS instead. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 7)
  WEB_SESSION_HOURS = 10;

  /** Mark the session cookie Secure: set it when the pages are served over HTTPS (behind the load balancer). */
  @Transform(toBoolean)
  @IsBoolean()
  WEB_COOKIE_SECURE = false;

  /**
   * Failed logins of one user name from one client (address) before that pair must wait between tries: 8 s, then
   * 16 s, 32 s … up to LOGIN_MAX_DELAY_SECONDS (429 with Retry-After). The account itself is never locked.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  /** Failed logins from one client (address), whatever the user names, before that client must wait the same way. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_MAX_FAILURES_PER_CLIENT = 20;

  /** The longest wait between tries that the growing delays reach. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  LOGIN_MAX_DELAY_SECONDS = 900;

  /** Failed logins older than this are forgotten (a success of the same user name and client forgets them too). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_WINDOW_MINUTES = 15;

  /**
   * Reverse proxies whose X-Forwarded-For is believed, in proxy-addr's syntax (as Fastify reads it): a comma-separated list of
   * addresses, CIDR ranges and the names loopback, linklocal, uniquelocal (a hop count is refused: Fastify 5 trusts no
   * proxy for one). Unset: none — the client is the socket's address and X-Forwarded-For is ignored.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** Largest evidence file (photo, PDF, Office document), in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

  /** Largest Excel file accepted for a finding import, in bytes (bigger: 413 while it is still arriving). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  IMPORT_MAX_BYTES = 20 * 1024 * 1024;

  /** Most data rows an import sheet may hold; a bigger sheet is refused (400) before its rows are checked. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  IMPORT_MAX_ROWS = 5000;

  /**
   * Load the January 2023 look-back demo data (about 40 accounts with the published password) on first start with
   * an empty database. Unset: yes for the embedded database (trying it out), no with DATABASE_URL (a deployment).
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_DATA?: boolean;

  /** How often (seconds) an instance looks for passed deadlines (weekly reports, overdue findings); 0 turns both jobs off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  WEEKLY_JOB_INTERVAL_SECONDS = 60;

  /**
   * How long (seconds) a daily job that works item by item after claiming its day (the reminder ladder, the 挂牌督办
   * reminders, the overdue assessments) is taken to be alive without finishing an item; past it, unfinished, the
   * next tick of any instance takes the rest of the day's work over. Longer than any one item takes.
   */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(86400)
  JOB_LEASE_SECONDS = 600;

  /** SMTP server for e-mail notifications; unset: no e-mail is sent (in-app notifications only). */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+$/, { message: 'SMTP_HOST must be a host name or IPv4 address' })
  SMTP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT = 587;

  /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
  @Transform(toBoolean)
  @IsBoolean()
  SMTP_SECURE = false;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  /** The sender of notification e-mails. */
  @Matches(/^(.+<)?[^\s@<>]+@[^\s@<>]+>?$/, {
    message: 'SMTP_FROM must be an address, e.g. 督察整改 <rectify@example.com>',
  })
  SMTP_FROM = 'Rectify <rectify@localhost>';

  /** Attempts before a message (e-mail, robot) is recorded as failed; the wait doubles from 1 minute between them. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  NOTIFY_MAX_ATTEMPTS = 5;

  /**
   * The deadline reminder ladder: `offset=audiences` steps separated by `;`, the offset in business days from the
   * deadline, audiences among unit (responsible person and unit officers), head (unit heads), office (safety office),
   * leader2 (the 二级单位's heads), group (the round's supervision group leaders).
   */
  @Matches(/^\s*-?\d{1,3}=[a-z0-9,]+(\s*;\s*-?\d{1,3}=[a-z0-9,]+)*\s*$/, {
    message: 'NOTIFY_LADDER must look like -7=unit;-1=unit;1=head;7=office,leader2;30=group',
  })
  NOTIFY_LADDER = '-7=unit;-1=unit;1=head;7=office,leader2;30=group';

  /** Default bounty per hazard level, whole yuan within 500–2000 (seeds/004:267). */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(2000)
  BOUNTY_GENERAL_YUAN = 500;

  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(2000)
  BOUNTY_SERIOUS_YUAN = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(2000)
  BOUNTY_MAJOR_YUAN = 2000;

  /** 挂牌督办: the group accepts a listed MAJOR finding on site within this many days of the unit's application. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  MAJOR_HAZARD_ACCEPTANCE_DAYS = 10;

  /**
   * The Ed25519 key that signs change-log checkpoints, kept outside the database (PKCS#8 PEM, mode 0600).
   * Unset: `<DATA_DIR>/audit-signing.key`, created on first start. Several instances must share the same file.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  AUDIT_SIGNING_KEY_FILE?: string;

  /** How often (minutes) a signed checkpoint of the change-log head is written (when the head moved); 0: never. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(24 * 60)
  AUDIT_CHECKPOINT_INTERVAL_MINUTES = 60;
  /**
   * Longest a single SQL statement of the service may run (ms; 0 = no limit). Applied to every pooled connection;
   * a statement that hits it is cancelled and the request answered 503 DATABASE_TIMEOUT (retryable).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DB_STATEMENT_TIMEOUT_MS = 30_000;

  /** Longest a statement waits for a row or table lock (ms; 0 = no limit); then 503 DATABASE_TIMEOUT. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DB_LOCK_TIMEOUT_MS = 20_000;

  /**
   * How long a pooled connection may sit idle before it is closed (ms; 0 = kept until the service stops). Each
   * connection keeps the statements the service prepared on it; a new one pays PostgreSQL's backend start and plans
   * them all again. pg's own default (10 s) closed them between two bursts of work (issue 22).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  DB_POOL_IDLE_TIMEOUT_MS = DEFAULT_DB_POOL_IDLE_TIMEOUT_MS;

  /** On SIGTERM/SIGINT: how long requests in flight may take to finish before the pool and database close (ms). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_GRACE_MS = 20_000;

  /**
   * The address users reach the service at (scheme, host, port, optional path; no trailing slash needed): printed
   * in QR codes (the hazard-report posters, "open this record online" on every printout) and in notification links.
   * Unset: printouts and posters use the address each request reached (linkBaseFor); notifications use HOST and
   * PORT (http://localhost:PORT when HOST listens on every address; the start log warns).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, {
    message: 'PUBLIC_BASE_URL must look like https://rectify.example.com or http://10.0.0.5:3000',
  })
  PUBLIC_BASE_URL?: string;

  /** Comma-separated origins allowed by CORS; empty means CORS is closed. */
  @IsString()
  CORS_ORIGINS = '';
}
