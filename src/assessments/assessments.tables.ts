import { Assessment, Notice } from './assessment.entities';

/** The tables the assessments module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ASSESSMENTS_TABLES: Function[] = [Assessment, Notice];
