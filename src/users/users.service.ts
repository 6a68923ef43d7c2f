import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { generatePassword, hashPassword, passwordProblems } from './passwords';
import { isOrganisationWide } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { UnitsRepository } from '../org/units.repository';
import { assertVersion } from '../common/persistence/version';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './user.dto';
import { User } from './user.entity';
import { ActorRowsService } from './actor-rows.service';
import { UsersRepository } from './users.repository';

const snapshot = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  homeUnitId: u.homeUnitId,
  roles: u.roles,
  active: u.active,
});

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly units: UnitsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLogService,
    private readonly actorRows: ActorRowsService,
  ) {}

  async list(actor: Actor, q: ListUsersQuery): Promise<{ items: User[]; total: number }> {
    const [items, total] = await this.users.list(UnitScope.of(actor), q);
    return { items, total };
  }

  /** A user whose home unit the actor may see, or 404. */
  async get(actor: Actor, id: number, tx?: Tx, lock = false): Promise<User> {
    const user = await this.users.findInScope(UnitScope.of(actor), id, tx, lock);
    if (!user) throw notFound('用户 / User', id);
    return user;
  }

  /**
   * A new account. An administrator knows its first password (given, or generated and returned once), so the user
   * must choose their own at first login (`mustChangePassword`). `publishedDemoPassword` is for the demo seeder
   * only: its users keep the password the README publishes for demo mode — the policy is not applied and no change
   * is required.
   */
  async create(
    actor: Actor,
    dto: CreateUserDto,
    options: { publishedDemoPassword?: boolean } = {},
  ): Promise<{ user: User; initialPassword?: string }> {
    return this.transactions.run(async (m) => {
      await this.assertHomeUnitFits(m, dto.roles, dto.homeUnitId ?? null);
      if (await this.users.usernameTaken(m, dto.username)) {
        throw conflict('USERNAME_TAKEN', `登录名 ${dto.username} 已被使用 / User name taken`, {
          field: 'username',
        });
      }
      const generated = dto.password === undefined ? generatePassword(dto.username) : undefined;
      const password = dto.password ?? generated!;
      const problems = options.publishedDemoPassword ? [] : passwordProblems(password, dto.username);
      if (problems.length) throw validationFailed([{ field: 'password', messages: problems }]);
      const user = this.users.build(m, {
        username: dto.username,
        displayName: dto.displayName,
        homeUnitId: dto.homeUnitId ?? null,
        roles: dto.roles,
        active: true,
        passwordHash: await hashPassword(password),
        mustChangePassword: !options.publishedDemoPassword,
      });
      await this.users.save(m, user);
      await this.audit.record(m, actor, {
        action: 'USER_CREATED',
        entityType: 'User',
        entityId: user.id,
        unitId: user.homeUnitId,
        after: snapshot(user),
      });
      const saved = await this.users.findByIdOrFail(user.id, m);
      return { user: saved, initialPassword: generated };
    });
  }

  async update(actor: Actor, id: number, dto: UpdateUserDto): Promise<User> {
    return this.actorRows.forgetAfter(id, () =>
      this.transactions.run(async (m) => {
        const user = await this.get(actor, id, m, true);
        assertVersion(user, dto.version);
        const before = snapshot(user);
        if (dto.displayName) user.displayName = dto.displayName;
        if (dto.roles) user.roles = dto.roles;
        if (dto.homeUnitId) user.homeUnitId = dto.homeUnitId;
        await this.assertHomeUnitFits(m, user.roles, user.homeUnitId);
        if (before.roles.includes(Role.ADMIN) && !user.roles.includes(Role.ADMIN))
          await this.assertAnotherAdmin(m, user.id);
        // A change of roles or unit changes what the user may see: existing tokens must not keep the old scope.
        if (dto.roles || dto.homeUnitId) user.tokenVersion += 1;
        return this.saveWithEvent(m, actor, user, before, 'USER_UPDATED');
      }),
    );
  }

  async setActive(actor: Actor, id: number, version: number, active: boolean): Promise<User> {
    return this.actorRows.forgetAfter(id, () =>
      this.transactions.run(async (m) => {
        const user = await this.get(actor, id, m, true);
        assertVersion(user, version);
        if (user.active === active) return user;
        const before = snapshot(user);
        if (!active) {
          if (user.id === actor.id)
            throw conflict('CANNOT_DEACTIVATE_SELF', '不能停用自己的账号 / You cannot deactivate yourself');
          if (user.roles.includes(Role.ADMIN)) await this.assertAnotherAdmin(m, user.id);
          user.tokenVersion += 1; // existing tokens stop working at once
        }
        user.active = active;
        return this.saveWithEvent(m, actor, user, before, active ? 'USER_ACTIVATED' : 'USER_DEACTIVATED');
      }),
    );
  }

  /** A new generated password, returned once; the user must replace it at the next login. */
  async resetPassword(actor: Actor, id: number): Promise<{ initialPassword: string }> {
    return this.actorRows.forgetAfter(id, () =>
      this.transactions.run(async (m) => {
        const user = await this.get(actor, id, m, true);
        const password = generatePassword(user.username);
        user.passwordHash = await hashPassword(password);
        user.tokenVersion += 1;
        user.mustChangePassword = true;
        await this.users.save(m, user);
        await this.audit.record(m, actor, {
          action: 'PASSWORD_RESET',
          entityType: 'User',
          entityId: user.id,
          unitId: user.homeUnitId,
          before: { passwordHash: 'x' },
          after: { passwordHash: 'y' },
        });
        return { initialPassword: password };
      }),
    );
  }

  private async saveWithEvent(m: Tx, actor: Actor, user: User, before: object, action: string) {
    const saved = await this.users.save(m, user);
    await this.audit.record(m, actor, {
      action,
      entityType: 'User',
      entityId: user.id,
      unitId: user.homeUnitId,
      before,
      after: snapshot(saved),
    });
    return this.users.findByIdOrFail(user.id, m);
  }

  /** Unit roles and reporters need an active home unit; organisation-wide users may have none. */
  private async assertHomeUnitFits(m: Tx, roles: Role[], homeUnitId: number | null) {
    if (homeUnitId !== null) {
      const unit = await this.units.findById(homeUnitId, m);
      if (!unit)
        throw validationFailed([
          { field: 'homeUnitId', messages: [`单位 ${homeUnitId} 不存在 / No such unit`] },
        ]);
      if (!unit.active)
        throw validationFailed([
          { field: 'homeUnitId', messages: [`单位「${unit.name}」已停用 / The unit is inactive`] },
        ]);
    } else if (!isOrganisationWide(roles)) {
      throw validationFailed([
        {
          field: 'homeUnitId',
          messages: ['单位角色和举报人必须指定所属单位 / Unit roles and reporters need a home unit'],
        },
      ]);
    }
  }

  private async assertAnotherAdmin(m: Tx, exceptId: number) {
    if ((await this.users.countActiveAdmins(m, exceptId)) === 0)
      throw conflict('LAST_ADMIN', '这是最后一个在用的管理员账号 / This is the last active administrator');
  }

  /** Display names by user id (for other modules' views and printouts); unknown ids are left out. */
  displayNames(ids: number[]): Promise<Map<number, string>> {
    return this.users.displayNames(ids);
  }

  /** The accounts' usernames (the 账号 printed beside a typed signature), by id. */
  usernames(ids: number[]): Promise<Map<number, string>> {
    return this.users.usernames(ids);
  }
}
