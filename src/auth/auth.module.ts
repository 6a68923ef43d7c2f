import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { TokenKeyService } from './token-key.service';
import { WebSessionsService } from './web-sessions.service';

@Module({
  imports: [JwtModule.register({})],
  controllers: [AuthController],
  providers: [AuthService, TokenKeyService, WebSessionsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, WebSessionsService],
})
export class AuthModule {}
