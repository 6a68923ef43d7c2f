import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../common/access/actor';
import { generatePassword, hashPassword, passwordProblems } from './passwords';
import { isOrganisationWide } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Unit } from '../org/unit.entity';
import { assertVersion } from '../common/persistence/version';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './user.dto';
import { User } from './user.entity';

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
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
  ) {}

  async list(actor: Actor, q: ListUsersQuery): Promise<{ items: User[]; total: number }> {
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoin(Unit, 'un', 'un.id = u.homeUnitId');
    if (actor.unitScopePath !== null)
      qb.andWhere('un.path LIKE :scope', { scope: `${actor.unitScopePath}%` });
    if (q.q)
      qb.andWhere('(u.username ILIKE :q OR u.displayName ILIKE :q)', {
        q: `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`,
      });
    if (q.unitId)
      qb.andWhere(`un.path LIKE (SELECT p.path FROM units p WHERE p.id = :unitId) || '%'`, {
        unitId: q.unitId,
      });
    if (q.role) qb.andWhere(':role = ANY(u.roles)', { role: q.role });
    if (q.active !== undefined) qb.andWhere('u.active = :active', { active: q.active });
    qb.orderBy('u.username', 'ASC')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async get(
    actor: Actor,
    id: number,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<User> {
    const qb = manager.getRepository(User).createQueryBuilder('u').where('u.id = :id', { id });
    if (actor.unitScopePath !== null) {
      qb.innerJoin(Unit, 'un', 'un.id = u.homeUnitId').andWhere('un.path LIKE :scope', {
        scope: `${actor.unitScopePath}%`,
      });
    }
    if (lock) qb.setLock('pessimistic_write', undefined, ['u']);
    const user = await qb.getOne();
    if (!user) throw notFound('用户 / User', id);
    return user;
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<{ user: User; initialPassword?: string }> {
    return this.dataSource.transaction(async (m) => {
      await this.assertHomeUnitFits(m, dto.roles, dto.homeUnitId ?? null);
      if (await m.getRepository(User).existsBy({ username: dto.username })) {
        throw conflict('USERNAME_TAKEN', `登录名 ${dto.username} 已被使用 / User name taken`, {
          field: 'username',
        });
      }
      const generated = dto.password === undefined ? generatePassword() : undefined;
      const password = dto.password ?? generated!;
      const problems = passwordProblems(password, dto.username);
      if (problems.length) throw validationFailed([{ field: 'password', messages: problems }]);
      const user = m.getRepository(User).create({
        username: dto.username,
        displayName: dto.displayName,
        homeUnitId: dto.homeUnitId ?? null,
        roles: dto.roles,
        active: true,
        passwordHash: await hashPassword(password),
      });
      await m.getRepository(User).save(user);
      await this.audit.record(m, actor, {
        action: 'USER_CREATED',
        entityType: 'User',
        entityId: user.id,
        unitId: user.homeUnitId,
        after: snapshot(user),
      });
      const saved = await m.getRepository(User).findOneByOrFail({ id: user.id });
      return { user: saved, initialPassword: generated };
    });
  }

  async update(actor: Actor, id: number, dto: UpdateUserDto): Promise<User> {
    return this.dataSource.transaction(async (m) => {
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
    });
  }

  async setActive(actor: Actor, id: number, version: number, active: boolean): Promise<User> {
    return this.dataSource.transaction(async (m) => {
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
    });
  }

  async resetPassword(actor: Actor, id: number): Promise<{ initialPassword: string }> {
    return this.dataSource.transaction(async (m) => {
      const user = await this.get(actor, id, m, true);
      const password = generatePassword();
      user.passwordHash = await hashPassword(password);
      user.tokenVersion += 1;
      await m.getRepository(User).save(user);
      await this.audit.record(m, actor, {
        action: 'PASSWORD_RESET',
        entityType: 'User',
        entityId: user.id,
        unitId: user.homeUnitId,
        before: { passwordHash: 'x' },
        after: { passwordHash: 'y' },
      });
      return { initialPassword: password };
    });
  }

  private async saveWithEvent(m: EntityManager, actor: Actor, user: User, before: object, action: string) {
    const saved = await m.getRepository(User).save(user);
    await this.audit.record(m, actor, {
      action,
      entityType: 'User',
      entityId: user.id,
      unitId: user.homeUnitId,
      before,
      after: snapshot(saved),
    });
    return m.getRepository(User).findOneByOrFail({ id: user.id });
  }

  /** Unit roles and reporters need an active home unit; organisation-wide users may have none. */
  private async assertHomeUnitFits(m: EntityManager, roles: Role[], homeUnitId: number | null) {
    if (homeUnitId !== null) {
      const unit = await m.getRepository(Unit).findOneBy({ id: homeUnitId });
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

  private async assertAnotherAdmin(m: EntityManager, exceptId: number) {
    const [{ count }] = await m.query(
      `SELECT count(*)::int AS count FROM users WHERE active AND 'ADMIN' = ANY(roles) AND id <> $1`,
      [exceptId],
    );
    if (count === 0)
      throw conflict('LAST_ADMIN', '这是最后一个在用的管理员账号 / This is the last active administrator');
  }

  /** Display names by user id (for other modules' views and printouts); unknown ids are left out. */
  async displayNames(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows: { id: number; display_name: string }[] = await this.dataSource.query(
      `SELECT id, display_name FROM users WHERE id = ANY($1)`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}
