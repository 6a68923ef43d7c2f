/**
 * The node:http skeleton both reference handlers share (bare-server.ts, best-server.ts): read the body, route, answer
 * the route's JSON text with its length, or an error as `{ statusCode, code, message }`; stop cleanly on SIGTERM.
 */
import http from 'node:http';
import pg from 'pg';
import { DEFAULT_DB_POOL_IDLE_TIMEOUT_MS } from '../src/config/settings';
import { poolOptions } from '../src/database/pool-options';

/** The business time zone, the statuses a unit still owes work on, and the roles that see every unit. */
export const ZONE = 'Asia/Shanghai';
export const OWES = ['ASSIGNED', 'RECTIFYING'];
export const ORG_WIDE = ['SAFETY_OFFICE', 'SUPERVISOR', 'SUPERVISION_LEADER', 'VIEWER', 'ADMIN'];

/**
 * A reference handler's pool: the service's settings (poolOptions: 20 connections, pipelining), idle ones kept as
 * long as the service keeps its own (DB_POOL_IDLE_TIMEOUT_MS' default). With pg's 10 s a side left idle while the others ran
 * reopened its connections, and prepared every statement again, in its next round.
 */
export const referencePool = (applicationName: string) =>
  new pg.Pool(
    poolOptions({
      connectionString: process.env.DATABASE_URL,
      application_name: applicationName,
      idleTimeoutMillis: DEFAULT_DB_POOL_IDLE_TIMEOUT_MS,
    }),
  );

/** A refusal a reference handler answers with its status (404 for what it does not implement). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

export function serveJson(opts: {
  name: string;
  route: (req: http.IncomingMessage, body: string) => Promise<string>;
  onListen?: (port: number) => void;
  onStop: () => Promise<void>;
}): void {
  const send = (res: http.ServerResponse, status: number, json: string) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      opts.route(req, Buffer.concat(chunks).toString('utf8')).then(
        (json) => send(res, 200, json),
        (err: unknown) => {
          const status = err instanceof HttpError ? err.status : 500;
          send(
            res,
            status,
            JSON.stringify({
              statusCode: status,
              code: err instanceof HttpError ? err.code : 'INTERNAL_ERROR',
              message: String(err),
            }),
          );
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    opts.onListen?.(port);
    process.stdout.write(`${opts.name} listening on ${port}\n`);
  });
  const stop = () => server.close(() => void opts.onStop().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
