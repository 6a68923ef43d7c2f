import { AuditRound } from './round.entity';

/** The tables the rounds module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ROUNDS_TABLES: Function[] = [AuditRound];
