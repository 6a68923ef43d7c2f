import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import { ORGANISATION_WIDE_ROLES, type Role } from '../common/access/roles';
import { CachedSelect } from '../common/persistence/cached-select';
import { preparedStatement } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import { ListUsersQuery } from './user.dto';
import { User } from './user.entity';

/** What the auth guard needs to build an actor: the user and the path of its home unit. */
export interface ActorRow {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  active: boolean;
  tokenVersion: number;
  /** An administrator set the password; the user must choose their own first. */
  mustChangePassword: boolean;
  homeUnitId: number | null;
  homeUnitPath: string | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/**
 * The users table. Besides what UsersService and AuthService need, it answers other modules' lookups of people:
 * by id(s), by user name, display names for ids.
 */
@Injectable()
export class UsersRepository {
  /**
   * One user in a scope, as services read the people a step names (the gate: the verifier, whoever recorded the
   * satisfaction): built once per shape (organisation-wide or a subtree; locked or not), then prepared (issue 22).
   */
  private readonly inScope: CachedSelect<User>;

  constructor(private readonly dataSource: DataSource) {
    this.inScope = new CachedSelect(dataSource, (shape) => {
      const qb = dataSource.getRepository(User).createQueryBuilder('u').where('u.id = :id', { id: 0 });
      if (shape.startsWith('subtree'))
        UnitScope.ofHome(false, '/').applyTo(qb.innerJoin('units', 'un', 'un.id = u.homeUnitId'), 'un.path');
      return shape.endsWith('locked') ? qb.setLock('pessimistic_write', undefined, ['u']) : qb;
    });
  }

  private repo(tx?: Tx) {
    return (tx ?? this.dataSource.manager).getRepository(User);
  }

  /** A page of users by user name; `scope` limits it to users whose home unit lies in the subtree. */
  list(scope: UnitScope, q: ListUsersQuery): Promise<[User[], number]> {
    const qb = this.repo().createQueryBuilder('u').leftJoin('units', 'un', 'un.id = u.homeUnitId');
    scope.applyTo(qb, 'un.path');
    if (q.q) qb.andWhere('(u.username ILIKE :q OR u.displayName ILIKE :q)', { q: `%${escapeLike(q.q)}%` });
    if (q.unitId)
      qb.andWhere(`un.path LIKE (SELECT p.path FROM units p WHERE p.id = :unitId) || '%'`, {
        unitId: q.unitId,
      });
    if (q.role) qb.andWhere(':role = ANY(u.roles)', { role: q.role });
    if (q.active !== undefined) qb.andWhere('u.active = :active', { active: q.active });
    qb.orderBy('u.username', 'ASC')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0);
    return qb.getManyAndCount();
  }

  /** One user whose home unit lies inside `scope` (any user for an organisation-wide scope), optionally locked. */
  findInScope(scope: UnitScope, id: number, tx?: Tx, lock = false): Promise<User | null> {
    const shape = `${scope.queryShape}${lock ? ' locked' : ''}`;
    return this.inScope.getOne(tx, shape, { id, ...scope.queryParameters });
  }

  findById(id: number, tx?: Tx): Promise<User | null> {
    return this.repo(tx).findOneBy({ id });
  }

  findByIdOrFail(id: number, tx?: Tx): Promise<User> {
    return this.repo(tx).findOneByOrFail({ id });
  }

  /** The users with these ids (unknown ids left out), by user name. */
  findByIds(ids: number[], tx?: Tx): Promise<User[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo(tx).find({ where: { id: In([...new Set(ids)]) }, order: { username: 'ASC' } });
  }

  /** A user by login name (stored lower-case). */
  findByUsername(username: string, tx?: Tx): Promise<User | null> {
    return this.repo(tx).findOneBy({ username });
  }

  /** Display names by id, for labels. */
  displayNames(ids: number[], tx?: Tx): Promise<Map<number, string>> {
    return this.byId('display_name', ids, tx);
  }

  /** The accounts' usernames (what a user logs in with, e.g. wen.xiaofeng), by id. */
  usernames(ids: number[], tx?: Tx): Promise<Map<number, string>> {
    return this.byId('username', ids, tx);
  }

  private async byId(
    column: 'display_name' | 'username',
    ids: number[],
    tx?: Tx,
  ): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows: { id: number; value: string }[] = await (tx ?? this.dataSource.manager).query(
      `SELECT id, ${column} AS value FROM users WHERE id = ANY($1)`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.value]));
  }

  usernameTaken(tx: Tx, username: string): Promise<boolean> {
    return this.repo(tx).existsBy({ username });
  }

  /** A user with the password hash (never selected otherwise), by login name. */
  findWithPasswordByUsername(username: string): Promise<User | null> {
    return this.repo()
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
  }

  /** A user with the password hash, locked FOR UPDATE. */
  lockWithPassword(tx: Tx, id: number): Promise<User> {
    return this.repo(tx)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .setLock('pessimistic_write')
      .where('u.id = :id', { id })
      .getOneOrFail();
  }

  /** Active users with the ADMIN role, leaving out `exceptId`. */
  async countActiveAdmins(tx: Tx, exceptId?: number): Promise<number> {
    const [{ count }]: { count: number }[] =
      exceptId === undefined
        ? await tx.query(`SELECT count(*)::int AS count FROM users WHERE active AND 'ADMIN' = ANY(roles)`)
        : await tx.query(
            `SELECT count(*)::int AS count FROM users WHERE active AND 'ADMIN' = ANY(roles) AND id <> $1`,
            [exceptId],
          );
    return count;
  }

  /** Serialises the first-start administrator check across instances until the transaction ends. */
  async lockAdminBootstrap(tx: Tx): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('rectify:ensure-admin'))`);
  }

  /** A new (unsaved) user entity. */
  build(tx: Tx, fields: Partial<User>): User {
    return this.repo(tx).create(fields);
  }

  save(tx: Tx, user: User): Promise<User> {
    return this.repo(tx).save(user);
  }

  /** The user behind a token or session and its home unit's path (null when there is no such user). */
  async actorRow(userId: number): Promise<ActorRow | null> {
    const rows: {
      id: number;
      username: string;
      display_name: string;
      roles: string;
      active: boolean;
      token_version: number;
      must_change_password: boolean;
      home_unit_id: number | null;
      path: string | null;
    }[] = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.roles::text AS roles, u.active, u.token_version, u.must_change_password, u.home_unit_id, un.path
         FROM users u LEFT JOIN units un ON un.id = u.home_unit_id WHERE u.id = $1`,
      [userId],
    );
    const user = rows[0];
    if (!user) return null;
    return {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      roles: user.roles
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean),
      active: user.active,
      tokenVersion: user.token_version,
      mustChangePassword: user.must_change_password,
      homeUnitId: user.home_unit_id,
      homeUnitPath: user.path,
    };
  }

  /**
   * Active users with their roles and home unit path: the people notifications may go to. With `seeingUnitPath`
   * only those whose UnitScope holds that unit (organisation-wide roles, or a home subtree above it): the rules of
   * notifications/rules/recipients.ts pick among these anyway, so a unit's news reads a few rows, not every user.
   */
  async activeRecipients(tx?: Tx, seeingUnitPath?: string): Promise<RecipientRow[]> {
    const { rows } = await preparedStatement<{
      id: number;
      display_name: string;
      roles: string;
      path: string | null;
    }>(
      tx ?? this.dataSource.manager,
      seeingUnitPath === undefined
        ? `SELECT u.id, u.display_name, u.roles::text AS roles, un.path
             FROM users u LEFT JOIN units un ON un.id = u.home_unit_id WHERE u.active ORDER BY u.id`
        : `SELECT u.id, u.display_name, u.roles::text AS roles, un.path
             FROM users u LEFT JOIN units un ON un.id = u.home_unit_id
            WHERE u.active AND (u.roles::text[] && $1::text[] OR ${UnitScope.homeHoldsSql('un.path', '$2')})
            ORDER BY u.id`,
      seeingUnitPath === undefined ? [] : [ORGANISATION_WIDE_ROLES, seeingUnitPath],
    );
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      roles: r.roles
        .replace(/^\{|\}$/g, '')
        .split(',')
        .filter(Boolean) as Role[],
      homeUnitPath: r.path,
    }));
  }
}

/** A possible recipient of a notification. */
export interface RecipientRow {
  id: number;
  displayName: string;
  roles: Role[];
  homeUnitPath: string | null;
}

/*
 * Parts of other modules' composed reads (issue 22): an answer that needs facts from several modules' tables is read
 * in one statement, and each owner writes the SQL that touches its own table. `id` and `roles` are SQL expressions
 * of the composing statement (a column or a parameter).
 */

/** SQL: the display name of the user `id`. */
export const userDisplayNameSql = (id: string) =>
  `(SELECT du.display_name FROM users du WHERE du.id = ${id})`;

/** SQL: whether the user `id` holds one of `roles` (a text[] expression). */
export const userHoldsAnyRoleSql = (id: string, roles: string) =>
  `EXISTS (SELECT 1 FROM users ru WHERE ru.id = ${id} AND ru.roles::text[] && ${roles})`;
