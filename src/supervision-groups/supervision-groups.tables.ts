import { SupervisionGroup, SupervisionGroupMember } from './supervision-group.entity';

/** The tables the supervision-groups module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const SUPERVISION_GROUPS_TABLES: Function[] = [SupervisionGroup, SupervisionGroupMember];
