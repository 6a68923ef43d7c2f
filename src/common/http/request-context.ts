import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** Per-request facts that cross-cutting code needs without threading them through every call (the request id). */
interface RequestContext {
  requestId: string;
}
const storage = new AsyncLocalStorage<RequestContext>();

export const currentRequestId = (): string | null => storage.getStore()?.requestId ?? null;

export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  storage.run({ requestId: String((req as Request & { id?: string }).id ?? '') }, next);
}
