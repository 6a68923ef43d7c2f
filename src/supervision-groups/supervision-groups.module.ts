import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { UsersModule } from '../users/users.module';
import { SupervisionGroupsController } from './supervision-groups.controller';
import { SupervisionGroupsRepository } from './supervision-groups.repository';
import { SupervisionGroupsService } from './supervision-groups.service';

@Module({
  imports: [OrgModule, UsersModule],
  controllers: [SupervisionGroupsController],
  providers: [SupervisionGroupsService, SupervisionGroupsRepository],
  exports: [SupervisionGroupsService, SupervisionGroupsRepository],
})
export class SupervisionGroupsModule {}
