import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { AppSecretsRepository } from './app-secrets.repository';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { WebSessionsRepository } from './web-sessions.repository';

const REPOSITORIES = [UsersRepository, LoginAttemptsRepository, AppSecretsRepository, WebSessionsRepository];

@Module({
  imports: [OrgModule],
  controllers: [UsersController],
  providers: [UsersService, ...REPOSITORIES],
  exports: [UsersService, ...REPOSITORIES],
})
export class UsersModule {}
