import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { Unit } from '../org/unit.entity';
import { LoginAttempt, User } from '../users/user.entity';
import { Actor, SYSTEM_ACTOR } from '../common/access/actor';
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

  constructor(
    private readonly dataSource: DataSource,
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
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    const ok = user
      ? await verifyPassword(user.passwordHash, dto.password)
      : (await verifyPassword(await this.dummyHash, dto.password)) && false;
    await this.dataSource
      .getRepository(LoginAttempt)
      .insert({ username, ip, succeeded: ok && !!user?.active });
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
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.id });
    const unit = user.homeUnitId
      ? await this.dataSource.getRepository(Unit).findOneBy({ id: user.homeUnitId })
      : null;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      homeUnit: unit ? { id: unit.id, code: unit.code, name: unit.name, path: unit.path } : null,
      scope: actor.unitScopePath === null ? 'ORGANISATION' : 'UNIT_SUBTREE',
    };
  }

  async changePassword(actor: Actor, dto: ChangePasswordDto): Promise<TokenResponse> {
    return this.dataSource.transaction(async (m) => {
      const user = await m
        .getRepository(User)
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .setLock('pessimistic_write')
        .where('u.id = :id', { id: actor.id })
        .getOneOrFail();
      if (!(await verifyPassword(user.passwordHash, dto.currentPassword))) {
        throw validationFailed([
          { field: 'currentPassword', messages: ['当前密码不正确 / The current password is wrong'] },
        ]);
      }
      const problems = passwordProblems(dto.newPassword, user.username);
      if (problems.length) throw validationFailed([{ field: 'newPassword', messages: problems }]);
      user.passwordHash = await hashPassword(dto.newPassword);
      user.tokenVersion += 1; // other sessions end
      await m.getRepository(User).save(user);
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
    const [row] = await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM login_attempts a WHERE a.username = $1 AND NOT a.succeeded
            AND a.attempted_at > greatest(now() - make_interval(mins => $3),
                  coalesce((SELECT max(s.attempted_at) FROM login_attempts s WHERE s.username = $1 AND s.succeeded), '-infinity')))::int AS by_user,
         (SELECT count(*) FROM login_attempts a WHERE a.ip = $2 AND NOT a.succeeded
            AND a.attempted_at > now() - make_interval(mins => $3))::int AS by_ip`,
      [username, ip, minutes],
    );
    if (row.by_user >= max || row.by_ip >= max * 4) {
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
    await this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('rectify:ensure-admin'))`);
      const [{ count }] = await m.query(
        `SELECT count(*)::int AS count FROM users WHERE active AND 'ADMIN' = ANY(roles)`,
      );
      if (count > 0) return;
      const existing = await m.getRepository(User).findOneBy({ username: 'admin' });
      const password = this.config.ADMIN_PASSWORD ?? generatePassword();
      if (existing) {
        // An `admin` exists but lost its role or was deactivated: restore it rather than lock everyone out.
        const before = { roles: existing.roles, active: existing.active };
        existing.roles = [...new Set([...existing.roles, Role.ADMIN])];
        existing.active = true;
        existing.passwordHash = await hashPassword(password);
        existing.tokenVersion += 1;
        await m.getRepository(User).save(existing);
        await this.audit.record(m, SYSTEM_ACTOR, {
          action: 'ADMIN_RESTORED',
          entityType: 'User',
          entityId: existing.id,
          unitId: existing.homeUnitId,
          before,
          after: { roles: existing.roles, active: true },
        });
      } else {
        const user = m.getRepository(User).create({
          username: 'admin',
          displayName: '系统管理员',
          homeUnitId: null,
          roles: [Role.ADMIN],
          active: true,
          passwordHash: await hashPassword(password),
        });
        await m.getRepository(User).save(user);
        await this.audit.record(m, SYSTEM_ACTOR, {
          action: 'USER_CREATED',
          entityType: 'User',
          entityId: user.id,
          unitId: null,
          after: { username: user.username, displayName: user.displayName, roles: user.roles, active: true },
        });
      }
      if (this.config.ADMIN_PASSWORD) {
        this.logger.warn('Created the administrator account "admin" with the password from ADMIN_PASSWORD');
      } else {
        // Printed once, now; it is not stored anywhere in clear text.
        this.logger.warn(
          `Created the administrator account "admin" with the generated password: ${password} — change it after logging in`,
        );
      }
    });
  }
}
