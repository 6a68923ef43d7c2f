import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { AccountChangesRepository } from './account-changes.repository';
import { ActorRowsService } from './actor-rows.service';
import { AppSecretsRepository } from './app-secrets.repository';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { WebSessionsRepository } from './web-sessions.repository';

const REPOSITORIES = [
  UsersRepository,
  LoginAttemptsRepository,
  AppSecretsRepository,
  WebSessionsRepository,
  AccountChangesRepository,
];

@Module({
  imports: [OrgModule],
  controllers: [UsersController],
  providers: [UsersService, ActorRowsService, ...REPOSITORIES],
  exports: [UsersService, ActorRowsService, ...REPOSITORIES],
})
export class UsersModule {}
