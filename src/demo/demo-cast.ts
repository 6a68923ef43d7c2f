import { Actor, SYSTEM_ACTOR, isOrganisationWide } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { isIndependentVerifier } from '../closeout/rules/verifier-independence';
import type { Unit } from '../org/unit.entity';
import { UNIT_TIER } from '../org/unit-kind';
import { GroupPosition } from '../supervision-groups/group-position';
import { DEMO_PASSWORD_HINT, DEMO_UNITS, DEMO_USERS } from './demo-data';
import type { DemoServices } from './demo-context';

/** Demo users keep the password the README publishes for demo mode: no policy check, no forced change. */
const DEMO_ACCOUNT = { publishedDemoPassword: true };

/**
 * The organisation and its people in the demo: the two companies' unit trees, demo users for every role, the
 * supervision group — and who acts for whom later (a unit's own officer or head, an independent verifier).
 */
export class DemoCast {
  private readonly unitByCode = new Map<string, Unit>();
  private readonly actors = new Map<string, Actor>();

  constructor(private readonly s: Pick<DemoServices, 'units' | 'users' | 'groups'>) {}

  /** Units, then users, then the supervision group; returns the group's id. */
  async seed(): Promise<number> {
    await this.seedUnits();
    await this.seedUsers();
    return this.seedGroup();
  }

  private async seedUnits() {
    const pending = [...DEMO_UNITS];
    while (pending.length) {
      const ready = pending.findIndex((u) => !u.parentCode || this.unitByCode.has(u.parentCode));
      if (ready < 0)
        throw new Error(`Demo units with unknown parents: ${pending.map((u) => u.code).join(', ')}`);
      const [u] = pending.splice(ready, 1);
      const created = await this.s.units.create(SYSTEM_ACTOR, {
        code: u.code,
        name: u.name,
        kind: u.kind,
        parentId: u.parentCode ? this.unitByCode.get(u.parentCode)!.id : undefined,
        aliases: u.aliases,
      });
      this.unitByCode.set(u.code, created);
    }
  }

  private async seedUsers() {
    for (const u of DEMO_USERS) {
      const { user } = await this.s.users.create(
        SYSTEM_ACTOR,
        {
          username: u.username,
          displayName: u.displayName,
          homeUnitId: this.unit(u.unitCode).id,
          roles: u.roles as Role[],
          password: DEMO_PASSWORD_HINT,
        },
        DEMO_ACCOUNT,
      );
      this.remember(user.id, u.username, u.displayName, user.roles, this.unit(u.unitCode));
    }
  }

  private async seedGroup(): Promise<number> {
    const group = await this.s.groups.create(SYSTEM_ACTOR, {
      name: '督察问题整改督导组',
      campaign: '2023年1月集团督察“回头看”问题整改',
      officeUnitId: this.unit('XCL-AHB').id,
    });
    for (const u of DEMO_USERS.filter((x) => x.groupPosition)) {
      await this.s.groups.addMember(SYSTEM_ACTOR, group.id, {
        userId: this.actor(u.username).id,
        position: u.groupPosition as GroupPosition,
      });
    }
    return group.id;
  }

  /** The unit's own officer (or head): the nearest demo user above it, or a generated account for its 二级单位. */
  async unitActor(unit: Unit, role: Role.UNIT_OFFICER | Role.UNIT_HEAD): Promise<Actor> {
    const existing = [...this.actors.values()]
      .filter((a) => a.roles.includes(role) && unit.path.startsWith(a.homeUnitPath!))
      .sort((a, b) => b.homeUnitPath!.length - a.homeUnitPath!.length)[0];
    if (existing) return existing;
    const secondary = this.secondaryOf(unit);
    const username = `${role === Role.UNIT_OFFICER ? 'aqy' : 'fzr'}.${secondary.code.toLowerCase()}`;
    const displayName = `${secondary.name}${role === Role.UNIT_OFFICER ? '安全员' : '负责人'}`;
    const { user } = await this.s.users.create(
      SYSTEM_ACTOR,
      {
        username,
        displayName,
        homeUnitId: secondary.id,
        roles: [role],
        password: DEMO_PASSWORD_HINT,
      },
      DEMO_ACCOUNT,
    );
    return this.remember(user.id, username, displayName, [role], secondary);
  }

  /** A member of the supervision group from outside the responsible unit's 二级单位 (the verification rules). */
  verifierFor(unit: Unit): Actor {
    const lineage: Unit[] = [];
    for (let u: Unit | undefined = unit; u; u = u.parentId ? this.unitById(u.parentId) : undefined)
      lineage.push(u);
    for (const username of ['hou.xiaodong', 'fan.lijuan', 'peng.yuhang']) {
      const a = this.actor(username);
      if (isIndependentVerifier(a.homeUnitPath, lineage)) return a;
    }
    throw new Error(`No independent verifier for ${unit.code}`);
  }

  /** The 二级单位 a unit belongs to (the unit itself when it is one, or higher). */
  secondaryOf(unit: Unit): Unit {
    let u = unit;
    while (UNIT_TIER[u.kind] > 2 && u.parentId) u = this.unitById(u.parentId);
    return u;
  }

  actor(username: string): Actor {
    const a = this.actors.get(username);
    if (!a) throw new Error(`Demo user ${username} is missing`);
    return a;
  }

  unit(code: string): Unit {
    const u = this.unitByCode.get(code);
    if (!u) throw new Error(`Demo unit ${code} is missing`);
    return u;
  }

  unitById(id: number): Unit {
    return [...this.unitByCode.values()].find((x) => x.id === id)!;
  }

  private remember(id: number, username: string, displayName: string, roles: Role[], unit: Unit): Actor {
    const actor: Actor = {
      id,
      username,
      displayName,
      roles,
      homeUnitId: unit.id,
      homeUnitPath: unit.path,
      unitScopePath: isOrganisationWide(roles) ? null : unit.path,
    };
    this.actors.set(username, actor);
    return actor;
  }
}
