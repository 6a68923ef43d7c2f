import { SetMetadata } from '@nestjs/common';

export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'rectify:allowed-before-password-change';
/**
 * Marks the few routes a user whose password an administrator set may use before choosing their own: changing the
 * password and logging out. Every other route answers 403 PASSWORD_CHANGE_REQUIRED (pages: the change form).
 */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);
