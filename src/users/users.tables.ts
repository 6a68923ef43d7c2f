import { AppSecret, LoginAttempt, User, WebSession } from './user.entity';

/** The tables the users module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const USERS_TABLES: Function[] = [User, LoginAttempt, AppSecret, WebSession];
