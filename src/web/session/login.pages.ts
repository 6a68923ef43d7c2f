import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { clearCookie, cookieOf, redirect, setCookie, type HttpResponse } from '../../common/http/platform';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthService } from '../../auth/auth.service';
import { Public } from '../../common/access/public.decorator';
import { AnyLoggedInUser } from '../../common/access/roles.decorator';
import { AllowedBeforePasswordChange } from '../../common/access/password-change.decorator';
import { ChangePasswordDto } from '../../auth/auth.dto';
import { SESSION_COOKIE, WebSessionsService } from '../../auth/web-sessions.service';
import { AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { chinesePart, formState, type FormState, text, validForm } from '../forms';
import { flash, renderPage, type WebRequest } from '../view';
import { retryAfterSeconds, toApiError } from '../../common/errors/api-exception.filter';
import { WebPages } from '../web-pages.decorator';

/** Before login there is no session to hold a CSRF token, so the login form uses a double-submit cookie. */
const LOGIN_CSRF_COOKIE = 'rectify_login_csrf';

const PASSWORD_LABELS = { currentPassword: '当前密码', newPassword: '新密码', confirmPassword: '确认新密码' };

/** Only paths of this site are followed after login (no open redirect to another host). */
const safeNext = (next: unknown) =>
  typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/';

@WebPages()
export class LoginPages {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: WebSessionsService,
    private readonly config: AppConfig,
  ) {}

  @Get('login')
  @Public()
  loginForm(@Req() req: WebRequest, @Res() res: HttpResponse, @Query('next') next?: string): void {
    this.showLogin(req, res, { next: safeNext(next) });
  }

  @Post('login')
  @Public()
  async login(@Req() req: WebRequest, @Res() res: HttpResponse, @Body() body: Record<string, unknown>) {
    const next = safeNext(body.next);
    const username = text(body.username) ?? '';
    const password = typeof body.password === 'string' ? body.password : '';
    const cookieToken = cookieOf(req, LOGIN_CSRF_COOKIE) ?? '';
    const sent = typeof body._csrf === 'string' ? body._csrf : '';
    if (
      !cookieToken ||
      cookieToken.length !== sent.length ||
      !timingSafeEqual(Buffer.from(cookieToken), Buffer.from(sent))
    ) {
      res.status(403);
      return this.showLogin(req, res, { next, username, error: '页面已过期，请重新输入后登录。' });
    }
    if (!username || !password) {
      res.status(400);
      return this.showLogin(req, res, { next, username, error: '请输入用户名和密码。' });
    }
    try {
      const user = await this.auth.checkCredentials({ username, password }, req.ip ?? '');
      await this.openSession(req, res, user);
      clearCookie(res, LOGIN_CSRF_COOKIE, '/login');
      // A password an administrator set: choose one's own first (the guard would lead there anyway).
      redirect(res, user.mustChangePassword ? `/password?next=${encodeURIComponent(next)}` : next);
    } catch (err) {
      if (!(err instanceof DomainError) || !['UNAUTHORIZED', 'TOO_MANY_REQUESTS'].includes(err.kind))
        throw err;
      res.status(err.kind === 'TOO_MANY_REQUESTS' ? 429 : 401);
      const retryAfter = retryAfterSeconds(toApiError(err, req));
      if (retryAfter !== undefined) res.header('Retry-After', String(retryAfter));
      this.showLogin(req, res, { next, username, error: chinesePart(err.message) });
    }
  }

  /** 修改密码: anyone's own; the only page (with logout) open while a password set by an administrator awaits it. */
  @Get('password')
  @AnyLoggedInUser()
  @AllowedBeforePasswordChange()
  async passwordForm(@Req() req: WebRequest, @Res() res: HttpResponse, @Query('next') next?: string) {
    await this.showPassword(req, res, safeNext(next));
  }

  @Post('password')
  @AnyLoggedInUser()
  @AllowedBeforePasswordChange()
  async changePassword(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Body() body: Record<string, unknown>,
  ) {
    const next = safeNext(body.next);
    const values = {
      currentPassword: typeof body.currentPassword === 'string' ? body.currentPassword : '',
      newPassword: typeof body.newPassword === 'string' ? body.newPassword : '',
    };
    try {
      if (values.newPassword !== body.confirmPassword)
        throw new DomainError('BAD_REQUEST', 'VALIDATION_FAILED', '输入有误，请按提示修改', [
          { field: 'confirmPassword', messages: ['两次输入的新密码不一致'] },
        ]);
      const dto = await validForm(ChangePasswordDto, values, PASSWORD_LABELS);
      const user = await this.auth.changeOwnPassword(req.actor!, dto);
      // The change ended every session of the user, this one too: continue in a new one.
      await this.sessions.revoke(cookieOf(req, SESSION_COOKIE));
      await this.openSession(req, res, user);
      flash(res, '密码已修改。');
      redirect(res, next);
    } catch (err) {
      // Passwords are never sent back into the page.
      const state = formState(err, 'password', {}, PASSWORD_LABELS);
      res.status(state.status);
      await this.showPassword(req, res, next, state);
    }
  }

  @Post('logout')
  @AnyLoggedInUser()
  @AllowedBeforePasswordChange()
  async logout(@Req() req: WebRequest, @Res() res: HttpResponse): Promise<void> {
    await this.sessions.revoke(cookieOf(req, SESSION_COOKIE));
    clearCookie(res, SESSION_COOKIE, '/');
    redirect(res, '/login');
  }

  private async openSession(req: WebRequest, res: HttpResponse, user: { id: number; tokenVersion: number }) {
    const session = await this.sessions.open(user, req.ip ?? '');
    setCookie(res, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.WEB_COOKIE_SECURE,
      path: '/',
      expires: session.expiresAt,
    });
  }

  private async showPassword(req: WebRequest, res: HttpResponse, next: string, state?: FormState) {
    const required = await this.auth.mustChangePassword(req.actor!.id);
    renderPage(req, res, 'password', { title: '修改密码', next, required, formState: state });
  }

  private showLogin(
    req: WebRequest,
    res: HttpResponse,
    data: { next: string; username?: string; error?: string },
  ): void {
    const token = randomBytes(24).toString('base64url');
    setCookie(res, LOGIN_CSRF_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.WEB_COOKIE_SECURE,
      path: '/login',
    });
    renderPage(req, res, 'login', { title: '登录', loginCsrf: token, ...data });
  }
}
