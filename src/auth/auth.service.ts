import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditLogService } from '../audit-log/audit-log.service';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { AppConfig } from '../config/app-config';
import { UnitsRepository } from '../org/units.repository';
import type { User } from '../users/user.entity';
import { LoginAttemptsRepository } from '../users/login-attempts.repository';
import { UsersRepository } from '../users/users.repository';
import { Actor, SYSTEM_ACTOR } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { ChangePasswordDto, LoginDto, TokenResponse } from './auth.dto';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from '../users/passwords';
import { Role } from '../common/access/roles';
import { TokenKeyService } from './token-key.service';

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
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.ensureAdmin();
    } catch (err) {
      // Pending migrations (external database): /health reports them; the admin is created on the next start.
      this.logger.error({ err }, 'Could not check for an administrator account');
    }
  }

  async login(dto: LoginDto, ip: string): Promise<TokenResponse> {
    return this.issueToken(await this.checkCredentials(dto, ip));
  }

  /**
   * The password check both the API login and the web login use: throttled, timed the same for unknown users,
   * recorded as a login attempt. Returns the active user or throws.
   */
  async checkCredentials(dto: LoginDto, ip: string): Promise<User> {
    const username = dto.username.trim().toLowerCase();
    await this.assertNotThrottled(username, ip);
    const user = await this.users.findWithPasswordByUsername(username);
    const ok = user
      ? await verifyPassword(user.passwordHash, dto.password)
      : (await verifyPassword(await this.dummyHash, dto.password)) && false;
    await this.loginAttempts.record({ username, ip, succeeded: ok && !!user?.active });
    if (!ok || !user) throw INVALID_CREDENTIALS();
    // Only someone who knows the password learns that the account is disabled.
    if (!user.active)
      throw new DomainError(
        'UNAUTHORIZED',
        'ACCOUNT_DISABLED',
        '账号已停用，请联系管理员 / This account is disabled',
      );
    return user;
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
    return this.transactions.run(async (m) => {
      const user = await this.users.lockWithPassword(m, actor.id);
      if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
        throw validationFailed([
          { field: 'currentPassword', messages: ['当前密码不正确 / The current password is wrong'] },
        ]);
      }
      const problems = passwordProblems(dto.newPassword, user.username);
      if (problems.length) throw validationFailed([{ field: 'newPassword', messages: problems }]);
      user.passwordHash = await hashPassword(dto.newPassword);
      user.tokenVersion += 1; // other sessions end
      await this.users.save(m, user);
      await this.audit.record(m, actor, {
        action: 'PASSWORD_CHANGED',
        entityType: 'User',
        entityId: user.id,
        unitId: user.homeUnitId,
        before: { passwordHash: 'x' },
        after: { passwordHash: 'y' },
      });
      return this.issueToken(user);
    });
  }

  async issueToken(user: Pick<User, 'id' | 'tokenVersion'>): Promise<TokenResponse> {
    const expiresIn = this.config.JWT_EXPIRES_IN_SECONDS;
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, tv: user.tokenVersion },
      { secret: (await this.tokenKey.get()) as unknown as string, expiresIn, algorithm: 'HS256' },
    );
    return { accessToken, expiresIn };
  }

  /** Refuses a login once a user name (or an address) has failed too often within the window. */
  private async assertNotThrottled(username: string, ip: string): Promise<void> {
    const minutes = this.config.LOGIN_WINDOW_MINUTES;
    const max = this.config.LOGIN_MAX_FAILURES;
    const failures = await this.loginAttempts.recentFailures(username, ip, minutes);
    if (failures.byUser >= max || failures.byIp >= max * 4) {
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        'LOGIN_THROTTLED',
        `登录失败次数过多，请 ${minutes} 分钟后再试 / Too many failed logins; try again in ${minutes} minutes`,
        { retryAfterMinutes: minutes },
      );
    }
  }

  /** First start: if no active ADMIN exists, create `admin` (password from ADMIN_PASSWORD, or generated and logged once). */
  async ensureAdmin(): Promise<void> {
    await this.transactions.run(async (m) => {
      await this.users.lockAdminBootstrap(m);
      if ((await this.users.countActiveAdmins(m)) > 0) return;
      const existing = await this.users.findByUsername('admin', m);
      const password = this.config.ADMIN_PASSWORD ?? generatePassword();
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
