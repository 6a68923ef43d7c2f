import { Unit } from './unit.entity';

/** The tables the org module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ORG_TABLES: Function[] = [Unit];
