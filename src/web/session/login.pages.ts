import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthService } from '../../auth/auth.service';
import { Public } from '../../common/access/public.decorator';
import { AnyLoggedInUser } from '../../common/access/roles.decorator';
import { SESSION_COOKIE, WebSessionsService } from '../../auth/web-sessions.service';
import { AppConfig } from '../../config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { chinesePart, text } from '../forms';
import { renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';

/** Before login there is no session to hold a CSRF token, so the login form uses a double-submit cookie. */
const LOGIN_CSRF_COOKIE = 'rectify_login_csrf';

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
  loginForm(@Req() req: WebRequest, @Res() res: Response, @Query('next') next?: string): void {
    this.showLogin(req, res, { next: safeNext(next) });
  }

  @Post('login')
  @Public()
  async login(@Req() req: WebRequest, @Res() res: Response, @Body() body: Record<string, unknown>) {
    const next = safeNext(body.next);
    const username = text(body.username) ?? '';
    const password = typeof body.password === 'string' ? body.password : '';
    const cookieToken = (req as { cookies?: Record<string, string> }).cookies?.[LOGIN_CSRF_COOKIE] ?? '';
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
      const session = await this.sessions.open(user, req.ip ?? '');
      res.cookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.WEB_COOKIE_SECURE,
        path: '/',
        expires: session.expiresAt,
      });
      res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/login' });
      res.redirect(303, next);
    } catch (err) {
      if (!(err instanceof DomainError) || !['UNAUTHORIZED', 'TOO_MANY_REQUESTS'].includes(err.kind))
        throw err;
      res.status(err.kind === 'TOO_MANY_REQUESTS' ? 429 : 401);
      this.showLogin(req, res, { next, username, error: chinesePart(err.message) });
    }
  }

  @Post('logout')
  @AnyLoggedInUser()
  async logout(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    await this.sessions.revoke((req as { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE]);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  }

  private showLogin(
    req: WebRequest,
    res: Response,
    data: { next: string; username?: string; error?: string },
  ): void {
    const token = randomBytes(24).toString('base64url');
    res.cookie(LOGIN_CSRF_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.WEB_COOKIE_SECURE,
      path: '/login',
    });
    renderPage(req, res, 'login', { title: '登录', loginCsrf: token, ...data });
  }
}
