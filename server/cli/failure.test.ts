import { describe, expect, it } from 'vitest';
import { describeFailure, errorCode } from './failure.ts';

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('a failed command in one line', () => {
  it('finds the code on the error, in its cause, or among aggregated errors', () => {
    expect(errorCode(coded('x', 'EPIPE'))).toBe('EPIPE');
    expect(errorCode(new TypeError('fetch failed', { cause: coded('other side closed', 'UND_ERR_SOCKET') }))).toBe('UND_ERR_SOCKET');
    expect(errorCode(new AggregateError([coded('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''))).toBe('ECONNREFUSED');
    expect(errorCode(new Error('plain'))).toBeNull();
    expect(errorCode('a string')).toBeNull();
  });

  it('says the server stopped answering when the forwarded fetch dies', () => {
    const line = describeFailure(new TypeError('fetch failed', { cause: coded('other side closed', 'UND_ERR_SOCKET') }), 'server');
    expect(line).toMatch(/^the running server stopped answering during the command \(UND_ERR_SOCKET\);/);
    expect(describeFailure(new TypeError('fetch failed'), 'server')).toMatch(/^the running server stopped answering/);
  });

  it('says the database is unreachable, even for an AggregateError with an empty message', () => {
    const refused = new AggregateError(
      [coded('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'), coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
      '',
    );
    expect(describeFailure(refused, 'database')).toMatch(/^the database stopped answering or cannot be reached \(ECONNREFUSED\)/);
    expect(describeFailure(coded('terminating connection due to administrator command', '57P01'), 'database')).toMatch(/\(57P01\)/);
  });

  it('keeps any other message, first line only, never a stack', () => {
    const e = new Error('guests.csv: no such file\n    at open (node:fs:1:1)');
    expect(describeFailure(e, 'database')).toBe('guests.csv: no such file');
    expect(describeFailure(coded('duplicate key value', '23505'), 'database')).toBe('duplicate key value (23505)');
    expect(describeFailure(new Error(''), 'server')).toBe('the command failed');
    for (const line of [describeFailure(e, 'server'), describeFailure(new AggregateError([], ''), 'database')]) expect(line).not.toMatch(/\n|\bat /);
  });
});
