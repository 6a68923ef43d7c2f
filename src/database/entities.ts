/**
 * Every TypeORM entity of the service, listed once. Add new entities here (and generate a migration:
 * `npm run migration:generate -- Name`); `npm run migration:check` fails when this list and migrations drift.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_ENTITIES: Function[] = [];
