import { Body, Get, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { AllowRoles, AnyLoggedInUser } from '../../common/access/roles.decorator';
import { Role } from '../../common/access/roles';
import { NOTIFICATION_KIND_LABEL, NotificationKind } from '../../notifications/notification.enums';
import { CreateWebhookDto, NotificationPreferencesDto } from '../../notifications/notification.dto';
import { NotificationsService } from '../../notifications/notifications.service';
import { RobotsService } from '../../notifications/robots.service';
import { UnitsService } from '../../org/units.service';
import { SupervisionGroupsService } from '../../supervision-groups/supervision-groups.service';
import { pathInteger } from '../../common/dto';
import { formState, int, list, text, validForm, type FormState } from '../forms';
import { unitOptions } from '../lookups';
import { flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';

const PREF_LABELS = { email: '邮箱', emailKinds: '邮件通知的类别', digestHour: '每日汇总时间' };
const ROBOT_LABELS = {
  url: '机器人地址',
  channel: '类型',
  unitId: '单位',
  supervisionGroupId: '督导组',
  name: '名称',
};

/**
 * 通知设置 (each user: the e-mail address, which kinds also go by e-mail, the daily digest hour; in-app is always on)
 * and 群机器人 (ADMIN: add a 企业微信/钉钉 robot of a unit or a supervision group, disable one — never delete).
 */
@WebPages()
export class NotificationSettingsPages {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly robots: RobotsService,
    private readonly units: UnitsService,
    private readonly groups: SupervisionGroupsService,
  ) {}

  @Get('notifications/preferences')
  @AnyLoggedInUser()
  async preferences(@Req() req: WebRequest, @Res() res: HttpResponse) {
    await this.showPreferences(req, res);
  }

  @Post('notifications/preferences')
  @AnyLoggedInUser()
  async savePreferences(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Body() body: Record<string, unknown>,
  ) {
    const email = text(body.email) ?? null;
    const digest = int(body.digestHour);
    const values = { email: email ?? '', emailKinds: list(body.emailKinds) ?? [], digestHour: digest ?? '' };
    try {
      // The API's own DTO: the same rules (an e-mail address, known kinds, an hour 0–23) and Chinese messages.
      const dto = await validForm(
        NotificationPreferencesDto,
        { email, emailKinds: values.emailKinds, digestHour: digest ?? null },
        PREF_LABELS,
      );
      await this.notifications.setPreferences(req.actor!, dto);
      flash(res, '通知设置已保存。');
      redirect(res, '/notifications/preferences');
    } catch (err) {
      const state = formState(err, 'prefs', values, PREF_LABELS);
      res.status(state.status);
      await this.showPreferences(req, res, state);
    }
  }

  @Get('notifications/robots')
  @AllowRoles(Role.ADMIN)
  async robotsPage(@Req() req: WebRequest, @Res() res: HttpResponse) {
    await this.showRobots(req, res);
  }

  @Post('notifications/robots')
  @AllowRoles(Role.ADMIN)
  async addRobot(@Req() req: WebRequest, @Res() res: HttpResponse, @Body() body: Record<string, unknown>) {
    const owner = text(body.owner) ?? '';
    const [kind, id] = owner.split(':');
    const values = {
      owner,
      name: text(body.name) ?? '',
      channel: text(body.channel) ?? '',
      url: text(body.url) ?? '',
    };
    try {
      // The API's own checks (a name of at most 100 characters …); the owner's id as the select writes it.
      const ownerId = pathInteger(id) ?? id;
      const dto = await validForm(
        CreateWebhookDto,
        {
          ...(kind === 'unit' ? { unitId: ownerId } : {}),
          ...(kind === 'group' ? { supervisionGroupId: ownerId } : {}),
          name: values.name,
          channel: values.channel,
          url: values.url,
          ...(text(body.secret) ? { secret: text(body.secret) } : {}),
        },
        ROBOT_LABELS,
      );
      const hook = await this.robots.add(req.actor!, {
        unitId: dto.unitId ?? null,
        supervisionGroupId: dto.supervisionGroupId ?? null,
        name: dto.name ?? '',
        channel: dto.channel,
        url: dto.url,
        secret: dto.secret ?? null,
      });
      flash(res, `群机器人 #${hook.id} 已添加。`);
      redirect(res, '/notifications/robots');
    } catch (err) {
      const state = formState(err, 'robot', values, ROBOT_LABELS);
      // The owner select is one field on the page.
      const ownerErrors = [...(state.fields.unitId ?? []), ...(state.fields.supervisionGroupId ?? [])];
      if (ownerErrors.length) state.fields.owner = ownerErrors;
      res.status(state.status);
      await this.showRobots(req, res, state);
    }
  }

  @Post('notifications/robots/:id/disable')
  @AllowRoles(Role.ADMIN)
  async disableRobot(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
  ) {
    try {
      await this.robots.disable(req.actor!, id);
      flash(res, `群机器人 #${id} 已停用。`);
      redirect(res, '/notifications/robots');
    } catch (err) {
      const state = formState(err, 'robot', {}, ROBOT_LABELS);
      res.status(state.status);
      await this.showRobots(req, res, state);
    }
  }

  private async showPreferences(req: WebRequest, res: HttpResponse, state?: FormState) {
    renderPage(req, res, 'notifications/preferences', {
      title: '通知设置',
      prefs: await this.notifications.preferences(req.actor!),
      kinds: Object.values(NotificationKind).map((k) => ({ kind: k, label: NOTIFICATION_KIND_LABEL[k] })),
      formState: state,
    });
  }

  private async showRobots(req: WebRequest, res: HttpResponse, state?: FormState) {
    const [robots, units, { items: groups }] = await Promise.all([
      this.robots.list(),
      unitOptions(this.units, req.actor!),
      this.groups.list(),
    ]);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    renderPage(req, res, 'notifications/robots', {
      title: '群机器人',
      robots: robots.map((r) => ({
        ...r,
        owner:
          r.unitId !== null
            ? `单位：${unitName.get(r.unitId) ?? r.unitId}`
            : `督导组：${groupName.get(r.supervisionGroupId!) ?? r.supervisionGroupId}`,
      })),
      units,
      groups,
      formState: state,
    });
  }
}
