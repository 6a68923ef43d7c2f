import { ChangeEvent, ChangeLogHead } from './change-event.entity';
import { ChangeLogCheckpoint } from './change-log-checkpoint.entity';

/** The tables the audit-log module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const AUDIT_LOG_TABLES: Function[] = [ChangeEvent, ChangeLogHead, ChangeLogCheckpoint];
