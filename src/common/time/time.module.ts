import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { ClockTimestampsSubscriber } from './clock-timestamps.subscriber';

@Global()
@Module({ providers: [Clock, ClockTimestampsSubscriber], exports: [Clock] })
export class TimeModule {}
