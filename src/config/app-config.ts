// The configuration's public entry point (importers use this path): the settings class, its loader and the values
// derived from it, each in its own file.
export { AppConfig, LADDER_AUDIENCES } from './settings';
export { ConfigError, loadConfig } from './load-config';
export {
  auditSigningKeyFile,
  linkBaseFor,
  listeningAddress,
  listensEverywhere,
  loadsDemoData,
  publicBaseUrl,
  shouldRunMigrationsAtStart,
  trustProxySetting,
  usesEmbeddedDatabase,
} from './derived-settings';
