import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { cookieOf, requestOrigin, type HttpRequest } from '../common/http/platform';
import { timingSafeEqual } from 'node:crypto';
import { DomainError, forbidden } from '../common/errors/domain-error';
import { Actor, isOrganisationWide } from '../common/access/actor';
import { IS_PUBLIC } from '../common/access/public.decorator';
import { ALLOWED_ROLES } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import { ActorRowsService } from '../users/actor-rows.service';
import { TokenKeyService } from './token-key.service';
import { AccessTokenPayload, VerifiedTokens } from './verified-tokens';
import { IS_WEB_PAGE } from '../common/access/web-page';
import { requestIdOf } from '../common/http/request-id';
import { ALLOWED_BEFORE_PASSWORD_CHANGE } from '../common/access/password-change.decorator';
import { type ResolvedSession, SESSION_COOKIE, WebSessionsService } from './web-sessions.service';

type WebRequest = HttpRequest & { actor?: Actor; webSession?: ResolvedSession };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface LoadedActor {
  actor: Actor;
  mustChangePassword: boolean;
}

const unauthorized = (message = '请先登录 / Log in first (missing or invalid token)') =>
  new DomainError('UNAUTHORIZED', 'UNAUTHORIZED', message);

/**
 * The one global guard: a valid bearer token (API; verified once per process, then remembered until it expires:
 * VerifiedTokens) or session cookie (web pages) of an active user (ActorRowsService: cached a few seconds, dropped on
 * every instance when the account changes, so deactivation, role and password changes take effect at once), then the
 * route's declared roles. Routes that declare nothing are refused — access is never open by omission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifiedTokens = new VerifiedTokens();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly actorRows: ActorRowsService,
    private readonly tokenKey: TokenKeyService,
    private readonly webSessions: WebSessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<WebRequest>();
    const { actor, mustChangePassword } = this.reflector.getAllAndOverride<boolean>(IS_WEB_PAGE, targets)
      ? await this.actorFromSession(request)
      : await this.actorFromBearer(request);
    request.actor = actor;
    const roles = actor.roles;
    // An administrator set this password (new account, reset): nothing but choosing one's own until that is done.
    if (
      mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)
    )
      throw new DomainError(
        'FORBIDDEN',
        'PASSWORD_CHANGE_REQUIRED',
        '请先修改管理员设置的初始密码 / Change the password an administrator set first (POST /api/v1/auth/password)',
      );

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (!allowed) throw forbidden('该接口未声明访问角色 / This route declares no roles and is closed');
    if (!roles.some((r) => allowed.includes(r))) {
      throw forbidden(
        `无权执行此操作，需要角色：${allowed.join(', ')} / Requires one of: ${allowed.join(', ')}`,
      );
    }
    return true;
  }

  private async actorFromBearer(request: HttpRequest): Promise<LoadedActor> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized();
    const token = match[1];
    let payload = this.verifiedTokens.get(token, Date.now());
    if (!payload) {
      try {
        const verified = await this.jwt.verifyAsync<AccessTokenPayload & { exp?: number }>(token, {
          secret: (await this.tokenKey.get()) as unknown as string,
          algorithms: ['HS256'],
        });
        this.verifiedTokens.remember(token, verified);
        payload = verified;
      } catch {
        throw unauthorized('登录已过期或令牌无效，请重新登录 / Token expired or invalid, log in again');
      }
    }
    const actor = await this.loadActor(payload.sub, payload.tv, request);
    if (!actor) throw unauthorized('账号已停用或令牌已失效，请重新登录 / Account disabled or token revoked');
    return actor;
  }

  /**
   * Web pages: the session cookie instead of a bearer token, and on every state-changing request the session's
   * CSRF token (a hidden `_csrf` field; multipart forms put it in the action's query string, because their body
   * is read only after the guard).
   */
  private async actorFromSession(request: WebRequest): Promise<LoadedActor> {
    const session = await this.webSessions.resolve(cookieOf(request, SESSION_COOKIE));
    const actor = session && (await this.loadActor(session.userId, session.tokenVersion, request));
    if (!session || !actor)
      throw new DomainError('UNAUTHORIZED', 'LOGIN_REQUIRED', '请先登录 / Log in first');
    if (!SAFE_METHODS.has(request.method)) {
      const body = request.body as Record<string, unknown> | undefined;
      const sent = body?._csrf ?? request.query._csrf ?? request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
        throw new DomainError(
          'FORBIDDEN',
          'CSRF_REJECTED',
          '页面已过期，请刷新后重新提交 / The form expired; reload the page and submit again',
        );
      }
    }
    request.webSession = session;
    return actor;
  }

  /**
   * Who is logged in, for an error page of an address no route took (so no guard ran): the session's active user,
   * or undefined (none, expired, or a password still to change). Never throws: the page is shown either way.
   */
  async pageActor(request: WebRequest): Promise<Actor | undefined> {
    try {
      const session = await this.webSessions.resolve(cookieOf(request, SESSION_COOKIE));
      const loaded = session && (await this.loadActor(session.userId, session.tokenVersion, request));
      if (!session || !loaded || loaded.mustChangePassword) return undefined;
      request.webSession = session;
      return loaded.actor;
    } catch {
      return undefined;
    }
  }

  /**
   * The active user behind a token or session, acting in `request`, or null when deactivated or the token version
   * moved on.
   */
  private async loadActor(
    userId: number,
    tokenVersion: number,
    request: HttpRequest,
  ): Promise<LoadedActor | null> {
    const user = await this.actorRows.get(userId);
    if (!user || !user.active || user.tokenVersion !== tokenVersion) return null;
    const roles = user.roles as Role[];
    const actor: Actor = {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles,
      homeUnitId: user.homeUnitId,
      homeUnitPath: user.homeUnitPath,
      // A unit-scoped user without a home unit sees nothing ('/none/' matches no path).
      unitScopePath: isOrganisationWide(roles) ? null : (user.homeUnitPath ?? '/none/'),
      requestId: requestIdOf(request),
      // Read when a printout or poster asks for it, not on every request (the list's and transitions' hot path).
      get origin() {
        return requestOrigin(request);
      },
    };
    return { actor, mustChangePassword: user.mustChangePassword };
  }
}
