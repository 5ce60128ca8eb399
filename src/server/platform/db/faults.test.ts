import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { toAppError } from '../http/errors.plugin.js';
import { DatabaseTimeoutError, faultCode, isDatabaseUnavailable } from './faults.js';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('database faults', () => {
  it('recognises a database out of reach, whatever layer says it', () => {
    for (const error of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      withCode('read ECONNRESET', 'ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
      new Error('Client has encountered a connection error and is not queryable'),
      new DatabaseTimeoutError(3000),
      withCode('canceling statement due to statement timeout', '57014'),
      withCode('terminating connection due to administrator command', '57P01'),
      withCode('the database system is starting up', '57P03'),
      withCode('sorry, too many clients already', '53300'),
      withCode('connection failure', '08006'),
      new Error('PGlite is closed'),
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'connect failed'),
      new AppError('internal', 500, { cause: withCode('read ECONNRESET', 'ECONNRESET') }),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
  });

  it('leaves a wrong query, a conflict or the client’s input alone', () => {
    for (const error of [
      withCode('duplicate key value violates unique constraint', '23505'),
      withCode('syntax error at or near "selec"', '42601'),
      withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021'),
      withCode('could not serialize access', '40001'),
      withCode('bind message has 2 parameter formats but 0 parameters', '08P01'),
      new TypeError('Cannot read properties of undefined'),
      null,
      'a string',
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });

  it('becomes a 503 `unavailable`; other errors keep their meaning', () => {
    expect(toAppError(withCode('read ECONNRESET', 'ECONNRESET'))).toMatchObject({
      code: 'unavailable',
      status: 503,
    });
    expect(toAppError(withCode('duplicate key', '23505'))).toMatchObject({ code: 'internal', status: 500 });
    expect(toAppError(withCode('null character', '22021'))).toMatchObject({ status: 400 });
  });

  it('describes a fault for a log line by its code, never by a query or a value', () => {
    expect(faultCode(withCode('read ECONNRESET', 'ECONNRESET'))).toBe('ECONNRESET');
    expect(faultCode(new DatabaseTimeoutError(3000))).toBe('FILET_DB_TIMEOUT');
    expect(faultCode(new Error('Connection terminated unexpectedly'))).toBe(
      'Connection terminated unexpectedly',
    );
    expect(faultCode(new Error('value « Jeanne Fictive » refused'))).toBe('Error');
  });
});
