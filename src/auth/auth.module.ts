import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { OrgModule } from '../org/org.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { TokenKeyService } from './token-key.service';
import { WebSessionsService } from './web-sessions.service';

@Module({
  imports: [JwtModule.register({}), OrgModule, UsersModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenKeyService,
    WebSessionsService,
    AuthGuard,
    // The global guard is the provider above: app.ts asks it who is logged in on an error page no route took.
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [AuthService, WebSessionsService],
})
export class AuthModule {}
