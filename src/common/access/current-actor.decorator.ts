import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor';

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return (ctx.switchToHttp().getRequest() as { actor: Actor }).actor;
});
