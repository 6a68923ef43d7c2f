import { LoggerService } from '@nestjs/common';

/**
 * Nest's own start-up chatter, one line per module and per route (about 230 lines): useful when debugging the
 * wiring, noise in an operator's log. These contexts log at debug instead of info.
 */
export const DEBUG_ONLY_CONTEXTS: ReadonlySet<string> = new Set([
  'InstanceLoader', // "XModule dependencies initialized"
  'RoutesResolver', // "XController {/api/v1/x}:"
  'RouterExplorer', // "Mapped {/api/v1/x, GET} route"
]);

/**
 * The application's logger (nestjs-pino) with Nest's wiring lines moved to debug. Everything else passes through
 * unchanged, at its own level.
 */
export class StartLogLevels implements LoggerService {
  constructor(
    private readonly inner: Required<
      Pick<LoggerService, 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal'>
    >,
  ) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && DEBUG_ONLY_CONTEXTS.has(context))
      this.inner.debug(message, ...optionalParams);
    else this.inner.log(message, ...optionalParams);
  }
  error(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.error(message, ...optionalParams);
  }
  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.warn(message, ...optionalParams);
  }
  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.debug(message, ...optionalParams);
  }
  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.verbose(message, ...optionalParams);
  }
  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.inner.fatal(message, ...optionalParams);
  }
}
