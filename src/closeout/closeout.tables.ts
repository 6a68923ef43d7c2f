import {
  AccountabilityRecord,
  CloseoutRecord,
  MechanismRecord,
  SatisfactionConfirmation,
  SweepRecord,
  Verification,
} from './closeout.entities';

/** The tables the closeout module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const CLOSEOUT_TABLES: Function[] = [
  Verification,
  SweepRecord,
  MechanismRecord,
  AccountabilityRecord,
  SatisfactionConfirmation,
  CloseoutRecord,
];
