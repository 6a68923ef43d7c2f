import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { ChangePasswordDto, LoginDto, TokenResponse } from './auth.dto';
import { AuthService } from './auth.service';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { Public } from '../common/access/public.decorator';
import { AnyLoggedInUser } from '../common/access/roles.decorator';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: '登录 / Log in: returns a bearer token',
    description: 'Anyone. Wrong password and unknown user get the same 401.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS or ACCOUNT_DISABLED' })
  @ApiTooManyRequestsResponse({ description: 'LOGIN_THROTTLED after repeated failures' })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenResponse> {
    return this.auth.login(dto, ip);
  }

  @Get('me')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '当前用户 / Who am I: roles, home unit, scope' })
  me(@CurrentActor() actor: Actor) {
    return this.auth.me(actor);
  }

  @Post('password')
  @AnyLoggedInUser()
  @HttpCode(200)
  @ApiOperation({
    summary: '修改本人密码 / Change your own password; other sessions end, a new token is returned',
  })
  @ApiOkResponse({ type: TokenResponse })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<TokenResponse> {
    return this.auth.changePassword(actor, dto);
  }
}
