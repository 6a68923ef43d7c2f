import { Get, Req, Res } from '@nestjs/common';
import type { HttpResponse } from '../../common/http/platform';
import { Actor } from '../../common/access/actor';
import { AnyLoggedInUser } from '../../common/access/roles.decorator';
import { Role, SUPERVISION_ROLES, UNIT_ROLES } from '../../common/access/roles';
import { Clock } from '../../common/time/clock';
import { FindingStatus } from '../../findings/finding.enums';
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
    const [myOpen, myOverdue, awaitingVerification, awaitingCloseout, extra, failedLogins] =
      await Promise.all([
        // A unit's users: their subtree's findings still owed; the scope is applied by the service.
        can(actor, ...UNIT_ROLES) ? this.openFindings(actor, false) : null,
        isReader ? this.openFindings(actor, true) : null,
        can(actor, ...SUPERVISION_ROLES)
          ? this.findings.list(actor, {
              status: [FindingStatus.PENDING_VERIFICATION],
              sort: 'deadline',
              order: 'asc',
              limit: 20,
            })
          : null,
        can(actor, ...SUPERVISION_ROLES)
          ? this.findings.list(actor, {
              status: [FindingStatus.VERIFIED],
              sort: 'deadline',
              order: 'asc',
              limit: 20,
            })
          : null,
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
      awaitingVerification,
      awaitingCloseout,
      failedLogins,
      ...extra,
    });
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
