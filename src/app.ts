import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import path from 'node:path';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { API_PREFIX, AppModule } from './app.module';
import { AuthGuard } from './auth/auth.guard';
import { AppConfig, trustProxySetting } from './config/app-config';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { createValidationPipe } from './common/errors/validation';
import { StartLogLevels } from './common/logging/start-log-levels';
import { logOptions, registerRequestLog } from './common/logging/request-log';
import { fromFastifyError, registerBodyParsers } from './common/http/body-parsing';
import { answerClientError, answerFrameworkError } from './common/http/framework-errors';
import { echoRequestId, requestIdFor } from './common/http/request-id';
import { registerSecurityHeaders } from './common/http/security-headers';
import { APP_VERSION } from './health/health.service';
import { renderErrorPage } from './web/web-exception.filter';

export { API_PREFIX };

export interface CreateAppOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Extra controllers, for tests only (e.g. one that throws, to see the 500 answer). */
  extraControllers?: Type[];
  logDestination?: NodeJS.WritableStream;
}

/**
 * Builds the whole HTTP application exactly as production runs it; main.ts and the e2e tests both use this,
 * so tests exercise the real middleware, filters, pipes and routes.
 */
export async function createApp({
  config,
  databaseUrl,
  extraControllers = [],
  logDestination,
}: CreateAppOptions): Promise<INestApplication> {
  const root = AppModule.forRoot({ config, databaseUrl, logDestination, extraControllers });
  const adapter = new FastifyAdapter({
    // Only the proxies named in TRUST_PROXY may say who the client is (X-Forwarded-For); by default nobody can, and
    // the client is the socket's address — login throttling counts per client, so a client must not choose its own.
    trustProxy: trustProxySetting(config),
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    // `/findings/` is `/findings`, as links and bookmarks written by hand expect.
    routerOptions: { ignoreTrailingSlash: true },
    // Refusals before any route (a malformed %-escape, a method HTTP does not have, 16 KB of headers) in the one
    // error shape too.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    bodyParser: false,
    bufferLogs: true,
  });
  // Nest's per-module and per-route start lines at debug: an operator's start log stays short.
  app.useLogger(new StartLogLevels(app.get(Logger)));
  // Print from here on as it happens (Nest would hold every line until init ends: a first start's demo load is long).
  app.flushLogs();
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addHook('onRequest', echoRequestId);
  // Every request gets its log line, also those refused before Nest's router (a body too large).
  registerRequestLog(fastify, pino(logOptions(config.LOG_LEVEL), logDestination ?? process.stdout));
  registerSecurityHeaders(fastify, { https: config.WEB_COOKIE_SECURE });
  const origins = config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length)
    app.enableCors({
      origin: origins,
      credentials: true,
      exposedHeaders: ['X-Request-Id', 'Content-Disposition', 'X-Total-Count'],
    });
  // Shared office PCs: nothing a logged-in user saw may stay in the browser's or a proxy's cache after logout.
  // Static assets (below) set their own caching; an answer that must differ (a file by its hash) sets its own.
  fastify.addHook('onRequest', (req, reply, done) => {
    if (!req.url.startsWith('/assets/')) void reply.header('Cache-Control', 'no-store');
    done();
  });
  registerBodyParsers(fastify, config.BODY_LIMIT_BYTES);
  // Uploads are read by UploadInterceptor on the routes that take them (names in UTF-8, as browsers send them).
  await app.register(multipart);
  await app.register(cookie);
  // The pages' stylesheet and small scripts: plain files, no build step.
  await app.register(fastifyStatic, {
    root: path.join(process.cwd(), 'templates', 'web', 'assets'),
    prefix: '/assets/',
    maxAge: 60 * 60 * 1000,
    index: false,
    decorateReply: false,
  });
  // Browsers ask for /favicon.ico on their own (a PDF opened in a tab, a bookmark): the pages' icon answers it. The
  // redirect is the same for everyone, so it may be kept like the assets (not the pages' no-store).
  fastify.get('/favicon.ico', (_req, reply) =>
    reply.header('Cache-Control', 'public, max-age=3600').redirect('/assets/icon.svg', 301),
  );

  app.useGlobalPipes(createValidationPipe());
  // Refusals before any route (Fastify's: a body too large) reach the same filter through Nest's error handler.
  const guard = app.get(AuthGuard);
  app.useGlobalFilters(
    new ApiExceptionFilter(
      async (req, res, body) => {
        // An address no route took ran no guard: the page's menu needs who is logged in, if anyone.
        const page = req as Parameters<AuthGuard['pageActor']>[0];
        page.actor ??= await guard.pageActor(page);
        renderErrorPage(req, res, body);
      },
      (err) => fromFastifyError(err, config.BODY_LIMIT_BYTES),
    ),
  );

  const openApi = new DocumentBuilder()
    .setTitle('Rectify API — 安全环保督察问题整改')
    .setDescription(
      'Tracks safety and environmental audit findings until they are closed by the 五个不放过 rules. ' +
        'Every error has the shape { statusCode, code, message, details, requestId }.',
    )
    .setVersion(APP_VERSION)
    .addBearerAuth()
    .build();
  // Built on the first request for /api/docs or /api/docs-json, not at start: scanning every route's metadata takes
  // ~0.4 s of CPU that a start (and each test file booting the app) need not pay.
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });

  await app.init();
  // Ready now, so that tests can send requests to getHttpServer() without listening.
  await fastify.ready();
  return app;
}
