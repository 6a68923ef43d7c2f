import type { HttpRequest } from '../http/platform';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { databaseFailure, toApiError } from './api-exception.filter';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);
const request = { id: 'req-1', method: 'GET', path: '/api/v1/findings' } as unknown as HttpRequest;

describe('database failures become 503, not 500', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' }),
    ],
    [
      'an administrator shutdown (57P01)',
      wrapped(pgError('57P01', 'terminating connection due to administrator command')),
    ],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    [
      'the next statement of a request whose connection was lost (TypeORM released its runner)',
      new QueryRunnerAlreadyReleasedError(),
    ],
    [
      'the next statement of a transaction whose connection was lost (its EntityManager)',
      new QueryRunnerProviderAlreadyReleasedError(),
    ],
    ['a database starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    [
      'a refusal on every address (AggregateError)',
      Object.assign(new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]), {}),
    ],
  ])('%s → 503 DATABASE_UNAVAILABLE (retryable)', (_name, error) => {
    expect(databaseFailure(error)).toBe('unavailable');
    expect(toApiError(error, request)).toEqual({
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: expect.stringContaining('unavailable'),
      details: { retryable: true },
      requestId: 'req-1',
    });
  });

  it.each([
    [
      'a statement timeout (57014)',
      wrapped(pgError('57014', 'canceling statement due to statement timeout')),
    ],
    ['a lock timeout (55P03)', wrapped(pgError('55P03', 'canceling statement due to lock timeout'))],
  ])('%s → 503 DATABASE_TIMEOUT (retryable)', (_name, error) => {
    expect(databaseFailure(error)).toBe('timeout');
    expect(toApiError(error, request)).toMatchObject({
      statusCode: 503,
      code: 'DATABASE_TIMEOUT',
      details: { retryable: true },
    });
  });

  it('leaves other database errors alone (a unique violation stays 409, a serialization failure 409)', () => {
    expect(toApiError(wrapped(pgError('23505')), request).statusCode).toBe(409);
    expect(toApiError(wrapped(pgError('40001')), request).code).toBe('CONCURRENT_CHANGE');
    expect(toApiError(new Error('boom'), request).statusCode).toBe(500);
  });
});
