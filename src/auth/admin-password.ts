import { AppConfig, ConfigError } from '../config/app-config';
import { passwordProblems } from '../users/passwords';

/**
 * ADMIN_PASSWORD, when given, must meet the password policy: length and common passwords (checked at start, before
 * the database, like every other setting). It may contain the user name "admin" — deployments and tests set it
 * before anyone can log in; `containsUserName` lets the start log ask for a change.
 */
export function adminPasswordCheck(config: AppConfig): { error?: ConfigError; containsUserName: boolean } {
  const password = config.ADMIN_PASSWORD;
  if (password === undefined) return { containsUserName: false };
  const problems = passwordProblems(password);
  return {
    error: problems.length
      ? new ConfigError(problems.map((message) => ({ variable: 'ADMIN_PASSWORD', message })))
      : undefined,
    containsUserName: !problems.length && passwordProblems(password, 'admin').length > 0,
  };
}
