import { Get, Req, Res } from '@nestjs/common';
import type { HttpResponse } from '../../common/http/platform';
import { Actor } from '../../common/access/actor';
import { AnyLoggedInUser } from '../../common/access/roles.decorator';
import { Role, SUPERVISION_ROLES, UNIT_ROLES } from '../../common/access/roles';
import { Clock } from '../../common/time/clock';
import { FindingStatus } from '../../findings/finding.enums';
import type { ListFindingsQuery } from '../../findings/finding-list.dto';
import { UNIT_OWES_STATUSES } from '../../findings/rules/open-and-overdue';
import { FindingsService } from '../../findings/findings.service';
import { HomeCards } from './home-cards';
import { AuthService } from '../../auth/auth.service';
import { can, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';

/** 首页: what needs the logged-in user now, by role and unit — each list links to where the work is done. */
@WebPages()
export class HomePages {
  constructor(
    private readonly findings: FindingsService,
    private readonly cards: HomeCards,
    private readonly clock: Clock,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @AnyLoggedInUser()
  async home(@Req() req: WebRequest, @Res() res: HttpResponse): Promise<void> {
    const actor = req.actor!;
    const isReader = !can(actor, Role.REPORTER) || actor.roles.length > 1;
    const [
      myOpen,
      myOverdue,
      awaitingConfirmation,
      awaitingVerification,
      awaitingCloseout,
      extra,
      failedLogins,
    ] = await Promise.all([
      // A unit's users: their subtree's findings still owed; the scope is applied by the service.
      can(actor, ...UNIT_ROLES) ? this.openFindings(actor, false) : null,
      isReader ? this.openFindings(actor, true) : null,
      // The unit head: the 重大隐患 plans only they may confirm (the work waits on them, DOMAIN.md §7).
      can(actor, Role.UNIT_HEAD) ? this.waiting(actor, { planAwaitingConfirmation: true }) : null,
      can(actor, ...SUPERVISION_ROLES)
        ? this.waiting(actor, { status: [FindingStatus.PENDING_VERIFICATION] })
        : null,
      can(actor, ...SUPERVISION_ROLES) ? this.waiting(actor, { status: [FindingStatus.VERIFIED] }) : null,
      this.cards.forActor(actor),
      // The administrator sees who keeps failing to log in (the full list: GET /api/v1/auth/failed-logins).
      can(actor, Role.ADMIN) ? this.auth.failedLogins(24, 10) : null,
    ]);
    renderPage(req, res, 'home', {
      title: '首页',
      today: this.clock.today(),
      unitUser: can(actor, ...UNIT_ROLES),
      myOpen,
      myOverdue,
      awaitingConfirmation,
      awaitingVerification,
      awaitingCloseout,
      failedLogins,
      ...extra,
    });
  }

  /** The first 20 findings waiting on this user (nearest deadline first); the list behind the card's link has all. */
  private waiting(actor: Actor, filter: Pick<ListFindingsQuery, 'status' | 'planAwaitingConfirmation'>) {
    return this.findings.list(actor, { ...filter, sort: 'deadline', order: 'asc', limit: 20 });
  }

  private openFindings(actor: Actor, overdue: boolean) {
    return this.findings.list(actor, {
      status: [...UNIT_OWES_STATUSES],
      overdue: overdue || undefined,
      sort: 'deadline',
      order: 'asc',
      // 首页 shows the first few (oldest deadline first); the list behind the link has them all.
      limit: overdue && !can(actor, ...UNIT_ROLES) ? 10 : 20,
    });
  }
}
