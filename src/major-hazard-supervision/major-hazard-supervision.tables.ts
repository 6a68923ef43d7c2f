import { SupervisionDocCounter, SupervisionExtension, SupervisionListing } from './supervision.entities';

/** The tables the major-hazard-supervision module owns (挂牌督办); only its repository reads and writes them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MAJOR_HAZARD_SUPERVISION_TABLES: Function[] = [
  SupervisionListing,
  SupervisionExtension,
  SupervisionDocCounter,
];
