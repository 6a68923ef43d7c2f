import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditLogService } from '../audit-log/audit-log.service';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { AppConfig } from '../config/app-config';
import { adminPasswordCheck } from './admin-password';
import { UnitsRepository } from '../org/units.repository';
import type { User } from '../users/user.entity';
import { LoginAttemptsRepository } from '../users/login-attempts.repository';
import { ActorRowsService } from '../users/actor-rows.service';
import { UsersRepository } from '../users/users.repository';
import { Actor, SYSTEM_ACTOR } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { ChangePasswordDto, LoginDto, TokenResponse } from './auth.dto';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from '../users/passwords';
import { Role } from '../common/access/roles';
import { TokenKeyService } from './token-key.service';
import { Clock } from '../common/time/clock';
import { retryAt, secondsToWait, type ThrottleSettings } from './login-throttle';

/** "30 秒" / "30 seconds", or whole minutes from two minutes on. */
function waitText(seconds: number): [string, string] {
  if (seconds < 120) return [`${seconds} 秒`, `${seconds} seconds`];
  const minutes = Math.ceil(seconds / 60);
  return [`${minutes} 分钟`, `${minutes} minutes`];
}

/** 429 with the wait in the message and as `details.retryAfterSeconds` (the Retry-After header). */
export function loginThrottled(seconds: number): DomainError {
  const [zh, en] = waitText(seconds);
  return new DomainError(
    'TOO_MANY_REQUESTS',
    'LOGIN_THROTTLED',
    `登录失败次数过多，请 ${zh}后再试 / Too many failed logins; try again in ${en}`,
    { retryAfterSeconds: seconds },
  );
}

/** 429 for a try of a (user name, client) pair while another try of the same pair is being checked. */
const LOGIN_IN_PROGRESS = () =>
  new DomainError(
    'TOO_MANY_REQUESTS',
    'LOGIN_IN_PROGRESS',
    '该账号的另一次登录正在核对，请稍后再试 / Another login for this name from this client is being checked; try again in a moment',
    { retryAfterSeconds: 1 },
  );

const INVALID_CREDENTIALS = () =>
  new DomainError('UNAUTHORIZED', 'INVALID_CREDENTIALS', '用户名或密码错误 / Wrong user name or password');

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuthService');
  /** Verified against when the user does not exist, so both cases cost the same time. */
  private readonly dummyHash = hashPassword(generatePassword());
  /**
   * The password generated for `admin` at this start, if one was (kept in memory only, for the start summary that
   * main.ts prints once); undefined when an administrator existed or ADMIN_PASSWORD was set.
   */
  generatedAdminPassword?: string;

  constructor(
    private readonly users: UsersRepository,
    private readonly loginAttempts: LoginAttemptsRepository,
    private readonly units: UnitsRepository,
    private readonly transactions: Transactions,
    private readonly jwt: JwtService,
    private readonly tokenKey: TokenKeyService,
    private readonly config: AppConfig,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly actorRows: ActorRowsService,
  ) {}

  private get throttle(): ThrottleSettings {
    return {
      pairThreshold: this.config.LOGIN_MAX_FAILURES,
      clientThreshold: this.config.LOGIN_MAX_FAILURES_PER_CLIENT,
      maxDelaySeconds: this.config.LOGIN_MAX_DELAY_SECONDS,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.assertAdminPasswordFits();
    try {
      await this.ensureAdmin();
    } catch (err) {
      // Pending migrations (external database): /health reports them; the admin is created on the next start.
      this.logger.error({ err }, 'Could not check for an administrator account');
    }
  }

  async login(dto: LoginDto, ip: string): Promise<TokenResponse> {
    const user = await this.checkCredentials(dto, ip);
    const token = await this.issueToken(user);
    return user.mustChangePassword ? { ...token, mustChangePassword: true } : token;
  }

  /**
   * The password check both the API login and the web login use: throttled per (user name, client) and per client
   * with growing delays (never a lock of the account), timed the same for unknown users, recorded as a login
   * attempt. Returns the active user or throws.
   */
  async checkCredentials(dto: LoginDto, ip: string): Promise<User> {
    const username = dto.username.trim().toLowerCase();
    const outcome = await this.transactions.run(async (tx) => {
      if (!(await this.loginAttempts.tryLockPair(tx, username, ip)))
        return { wait: 0, user: null, busy: true };
      const now = this.clock.now();
      const since = new Date(now.getTime() - this.config.LOGIN_WINDOW_MINUTES * 60_000);
      const recent = await this.loginAttempts.recentFailures(tx, username, ip, since);
      const wait = secondsToWait(now, recent, this.throttle);
      // Refused without trying the password: not an attempt, so waiting it out is all it takes.
      if (wait > 0) return { wait, user: null };
      const user = await this.users.findWithPasswordByUsername(username);
      const ok = user
        ? await verifyPassword(user.passwordHash, dto.password)
        : (await verifyPassword(await this.dummyHash, dto.password)) && false;
      const succeeded = ok && !!user?.active;
      await this.loginAttempts.record(tx, { username, ip, succeeded, attemptedAt: now });
      if (!ok) this.warnIfRepeated(username, ip, now, recent);
      return { wait: 0, user: ok ? user : null };
    });
    if ('busy' in outcome) throw LOGIN_IN_PROGRESS();
    if (outcome.wait > 0) throw loginThrottled(outcome.wait);
    const user = outcome.user;
    if (!user) throw INVALID_CREDENTIALS();
    // Only someone who knows the password learns that the account is disabled.
    if (!user.active)
      throw new DomainError(
        'UNAUTHORIZED',
        'ACCOUNT_DISABLED',
        '账号已停用，请联系管理员 / This account is disabled',
      );
    return user;
  }

  /** A failure that reaches a throttle threshold is logged (warn) with the user name and the client. */
  private warnIfRepeated(
    username: string,
    client: string,
    now: Date,
    before: { pair: { failures: number }; client: { failures: number } },
  ): void {
    const pair = { failures: before.pair.failures + 1, lastFailureAt: now };
    const byClient = { failures: before.client.failures + 1, lastFailureAt: now };
    if (pair.failures < this.throttle.pairThreshold && byClient.failures < this.throttle.clientThreshold)
      return;
    const wait = secondsToWait(now, { pair, client: byClient }, this.throttle);
    this.logger.warn(
      {
        username,
        client,
        failures: pair.failures,
        clientFailures: byClient.failures,
        retryAfterSeconds: wait,
      },
      `Repeated failed logins for user name "${username}" from ${client}: ${pair.failures} for this user name, ${byClient.failures} from this client; next try in ${wait} s`,
    );
  }

  /**
   * The (user name, client) pairs with failed logins in the last `hours`, latest first (for the administrator):
   * how many, when, whether the user name exists, and until when the pair must wait.
   */
  async failedLogins(hours: number, limit: number) {
    const now = this.clock.now();
    const rows = await this.loginAttempts.failedLogins(
      new Date(now.getTime() - hours * 3600_000),
      new Date(now.getTime() - this.config.LOGIN_WINDOW_MINUTES * 60_000),
      limit,
    );
    return {
      items: rows.map((r) => {
        const until = retryAt(
          { failures: r.failuresCounted, lastFailureAt: r.lastFailedAt },
          this.throttle.pairThreshold,
          this.throttle.maxDelaySeconds,
        );
        return { ...r, throttledUntil: until && until > now ? until : null };
      }),
    };
  }

  /** Whether the user still has to replace a password an administrator set. */
  async mustChangePassword(userId: number): Promise<boolean> {
    return (await this.users.findByIdOrFail(userId)).mustChangePassword;
  }

  async me(actor: Actor) {
    const user = await this.users.findByIdOrFail(actor.id);
    const unit = user.homeUnitId ? await this.units.findById(user.homeUnitId) : null;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      homeUnit: unit ? { id: unit.id, code: unit.code, name: unit.name, path: unit.path } : null,
      scope: UnitScope.of(actor).isOrganisationWide ? 'ORGANISATION' : 'UNIT_SUBTREE',
    };
  }

  async changePassword(actor: Actor, dto: ChangePasswordDto): Promise<TokenResponse> {
    return this.issueToken(await this.changeOwnPassword(actor, dto));
  }

  /**
   * The user's own new password, meeting the policy and different from the current one. Other sessions end (the
   * token version moves on), and a password change required by an administrator's reset is done.
   */
  async changeOwnPassword(actor: Actor, dto: ChangePasswordDto): Promise<User> {
    return this.actorRows.forgetAfter(actor.id, () =>
      this.transactions.run(async (m) => {
        const user = await this.users.lockWithPassword(m, actor.id);
        if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
          throw validationFailed([
            { field: 'currentPassword', messages: ['当前密码不正确 / The current password is wrong'] },
          ]);
        }
        const problems = passwordProblems(dto.newPassword, user.username);
        if (dto.newPassword === dto.currentPassword)
          problems.push('新密码不能与当前密码相同 / must differ from the current password');
        if (problems.length) throw validationFailed([{ field: 'newPassword', messages: problems }]);
        user.passwordHash = await hashPassword(dto.newPassword);
        user.tokenVersion += 1; // other sessions end
        user.mustChangePassword = false;
        await this.users.save(m, user);
        await this.audit.record(m, actor, {
          action: 'PASSWORD_CHANGED',
          entityType: 'User',
          entityId: user.id,
          unitId: user.homeUnitId,
          before: { passwordHash: 'x' },
          after: { passwordHash: 'y' },
        });
        return user;
      }),
    );
  }

  async issueToken(user: Pick<User, 'id' | 'tokenVersion'>): Promise<TokenResponse> {
    const expiresIn = this.config.JWT_EXPIRES_IN_SECONDS;
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, tv: user.tokenVersion },
      { secret: (await this.tokenKey.get()) as unknown as string, expiresIn, algorithm: 'HS256' },
    );
    return { accessToken, expiresIn };
  }

  /** ADMIN_PASSWORD must meet the policy (main.ts checks it before the database starts; tests boot here). */
  private assertAdminPasswordFits(): void {
    const check = adminPasswordCheck(this.config);
    if (check.error) throw check.error;
    if (check.containsUserName)
      this.logger.warn('ADMIN_PASSWORD contains the user name "admin": change the password after logging in');
  }

  /** First start: if no active ADMIN exists, create `admin` (password from ADMIN_PASSWORD, or generated and logged once). */
  async ensureAdmin(): Promise<void> {
    await this.transactions.run(async (m) => {
      await this.users.lockAdminBootstrap(m);
      if ((await this.users.countActiveAdmins(m)) > 0) return;
      const existing = await this.users.findByUsername('admin', m);
      const password = this.config.ADMIN_PASSWORD ?? generatePassword('admin');
      if (existing) await this.restoreAdmin(m, existing, password);
      else await this.createAdmin(m, password);
      if (this.config.ADMIN_PASSWORD) {
        this.logger.warn('Created the administrator account "admin" with the password from ADMIN_PASSWORD');
      } else {
        // Printed once, now (and in the start summary); it is not stored anywhere in clear text.
        this.generatedAdminPassword = password;
        this.logger.warn(
          `Created the administrator account "admin" with the generated password: ${password} — change it after logging in`,
        );
      }
    });
  }

  /** An `admin` exists but lost its role or was deactivated: restore it rather than lock everyone out. */
  private async restoreAdmin(m: Tx, existing: User, password: string): Promise<void> {
    const before = { roles: existing.roles, active: existing.active };
    existing.roles = [...new Set([...existing.roles, Role.ADMIN])];
    existing.active = true;
    existing.passwordHash = await hashPassword(password);
    existing.tokenVersion += 1;
    await this.users.save(m, existing);
    await this.audit.record(m, SYSTEM_ACTOR, {
      action: 'ADMIN_RESTORED',
      entityType: 'User',
      entityId: existing.id,
      unitId: existing.homeUnitId,
      before,
      after: { roles: existing.roles, active: true },
    });
  }

  private async createAdmin(m: Tx, password: string): Promise<void> {
    const user = this.users.build(m, {
      username: 'admin',
      displayName: '系统管理员',
      homeUnitId: null,
      roles: [Role.ADMIN],
      active: true,
      passwordHash: await hashPassword(password),
    });
    await this.users.save(m, user);
    await this.audit.record(m, SYSTEM_ACTOR, {
      action: 'USER_CREATED',
      entityType: 'User',
      entityId: user.id,
      unitId: null,
      after: { username: user.username, displayName: user.displayName, roles: user.roles, active: true },
    });
  }
}
