import { Module } from '@nestjs/common';
import { SupervisionGroupsController } from './supervision-groups.controller';
import { SupervisionGroupsService } from './supervision-groups.service';

@Module({
  controllers: [SupervisionGroupsController],
  providers: [SupervisionGroupsService],
  exports: [SupervisionGroupsService],
})
export class SupervisionGroupsModule {}
