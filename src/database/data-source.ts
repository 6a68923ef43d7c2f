import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { ALL_ENTITIES } from './entities';
import { poolOptions } from './pool-options';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// Business dates are calendar dates ("2023-02-13"): keep PostgreSQL `date` values as strings everywhere, raw
// queries included, instead of turning them into midnight-UTC Date objects.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

/**
 * The one TypeORM configuration, used by the service, the migration commands and the tests.
 * Entities and migrations are listed explicitly (no path globs): that works the same compiled, in ts-jest's
 * ESM mode, and in the bench scripts. `synchronize` is never on: every schema change is a migration.
 */
export function dataSourceOptions(
  url: string,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: poolOptions(),
    ...overrides,
  } as DataSourceOptions;
}
