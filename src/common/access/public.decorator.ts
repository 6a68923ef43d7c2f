import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'rectify:public';
/** Marks a route that needs no login (health, login). Every other route requires a valid token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
