import { Body, Controller, Get, HttpCode, Ip, Post, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { ChangePasswordDto, FailedLoginsQuery, LoginDto, TokenResponse } from './auth.dto';
import { AuthService } from './auth.service';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { Public } from '../common/access/public.decorator';
import { AllowRoles, AnyLoggedInUser } from '../common/access/roles.decorator';
import { AllowedBeforePasswordChange } from '../common/access/password-change.decorator';
import { Role } from '../common/access/roles';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: '登录 / Log in: returns a bearer token',
    description:
      'Anyone. Wrong password and unknown user get the same 401. After LOGIN_MAX_FAILURES failures of one user ' +
      'name from one client (or LOGIN_MAX_FAILURES_PER_CLIENT from one client), that pair (client) must wait ' +
      'between tries — 8 s, 16 s, … up to LOGIN_MAX_DELAY_SECONDS: 429 LOGIN_THROTTLED with Retry-After. The ' +
      'account is never locked: other clients log in as usual. `mustChangePassword: true` in the answer: the ' +
      'password was set by an administrator and must be changed (POST /auth/password) before anything else.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS or ACCOUNT_DISABLED' })
  @ApiTooManyRequestsResponse({
    description:
      'LOGIN_THROTTLED after repeated failures (Retry-After: seconds); LOGIN_IN_PROGRESS while another try of the ' +
      'same user name from the same client is being checked (Retry-After: 1)',
  })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenResponse> {
    return this.auth.login(dto, ip);
  }

  @Get('me')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '当前用户 / Who am I: roles, home unit, scope' })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @Get('failed-logins')
  @AllowRoles(Role.ADMIN)
  @ApiOperation({
    summary: '登录失败记录 / Failed logins of the last hours, per user name and client, latest first',
    description:
      'At most 200 (user name, client) pairs: failures, last failure and success, whether the user name exists, ' +
      'and until when the pair must wait (throttledUntil, null when it may try now).',
  })
  failedLogins(@Query() q: FailedLoginsQuery) {
    return this.auth.failedLogins(q.hours ?? 24, 200);
  }

  @Post('password')
  @AnyLoggedInUser()
  @AllowedBeforePasswordChange()
  @HttpCode(200)
  @ApiOperation({
    summary: '修改本人密码 / Change your own password; other sessions end, a new token is returned',
  })
  @ApiOkResponse({ type: TokenResponse })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<TokenResponse> {
    return this.auth.changePassword(actor, dto);
  }
}
