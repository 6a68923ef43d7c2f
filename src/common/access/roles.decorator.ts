import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Role } from './roles';

export const ALLOWED_ROLES = 'rectify:allowed-roles';

/**
 * Declares who may call a route. Every non-public route must carry it (the guard refuses routes without it), and
 * the OpenAPI document shows it as `x-roles` and in the 403 description.
 */
export const AllowRoles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ALLOWED_ROLES, roles),
    ApiBearerAuth(),
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({ description: '未登录或令牌无效 / Missing or invalid token' }),
    ApiForbiddenResponse({ description: `仅限 / Only: ${roles.join(', ')}` }),
  );

/** Any logged-in user, whatever their roles. */
export const AnyLoggedInUser = () => AllowRoles(...Object.values(Role));
