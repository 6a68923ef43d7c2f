import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { SupervisionGroupsModule } from '../supervision-groups/supervision-groups.module';
import { RoundsController } from './rounds.controller';
import { RoundsRepository } from './rounds.repository';
import { RoundsService } from './rounds.service';

@Module({
  imports: [OrgModule, SupervisionGroupsModule],
  controllers: [RoundsController],
  providers: [RoundsService, RoundsRepository],
  exports: [RoundsService, RoundsRepository],
})
export class RoundsModule {}
