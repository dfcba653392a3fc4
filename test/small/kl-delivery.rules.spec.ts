import { runInNewContext } from 'node:vm';
import {
  operationOutcome,
  parseRetryAfter,
  retryDelayMs,
  verdictOfFailure,
  verdictOfResponse,
} from '../../src/kl-delivery/delivery.rules.js';

const NOW = new Date('2026-03-14T10:00:00Z');
const outcome = (...issues: Record<string, unknown>[]) => JSON.stringify({ resourceType: 'OperationOutcome', issue: issues });
const invalid = outcome({ severity: 'error', code: 'invalid', diagnostics: 'Patient.identifier: wrong', expression: ['Bundle.entry[0]'] });

describe(verdictOfResponse.name, () => {
  it.each([
    [200, ''],
    [201, '{"resourceType":"Bundle"}'],
    [204, ''],
  ])('accepts %i', (status, body) => {
    expect(verdictOfResponse(status, body, null, NOW)).toEqual({ kind: 'accepted', status });
  });

  it.each([400, 403, 404, 409, 422])('rejects a %i that carries an OperationOutcome, keeping its issues', (status) => {
    expect(verdictOfResponse(status, invalid, null, NOW)).toEqual({
      kind: 'rejected',
      status,
      rejection: {
        source: 'gateway',
        status,
        issues: [{ severity: 'error', code: 'invalid', diagnostics: 'Patient.identifier: wrong', expression: ['Bundle.entry[0]'] }],
      },
    });
  });

  it.each([
    [500, invalid, 'a 5xx, even with an OperationOutcome'],
    [502, '<html>Bad gateway</html>', 'a proxy’s error page'],
    [503, '', 'unavailable'],
    [404, '<html>Not found</html>', 'a 4xx without an OperationOutcome: the URL or a proxy, not the report'],
    [403, '{"error":"forbidden"}', 'a 4xx whose JSON is not an OperationOutcome'],
    [408, invalid, 'a timeout, whatever its body'],
    [429, invalid, 'too many requests, whatever its body'],
    [302, '', 'a redirect'],
  ])('retries %i (%s)', (status, body) => {
    const verdict = verdictOfResponse(status as number, body as string, null, NOW);
    expect(verdict).toMatchObject({ kind: 'retry', status });
    expect((verdict as { error: string }).error).toMatch(new RegExp(`^HTTP ${status}`));
  });

  it('retries a 401 after fetching a new token', () => {
    expect(verdictOfResponse(401, invalid, null, NOW)).toMatchObject({ kind: 'retry', status: 401, refreshToken: true });
  });

  it('keeps the gateway’s Retry-After', () => {
    expect(verdictOfResponse(503, '', '120', NOW)).toMatchObject({ retryAfterMs: 120_000 });
    expect(verdictOfResponse(429, '', 'Sat, 14 Mar 2026 10:01:00 GMT', NOW)).toMatchObject({ retryAfterMs: 60_000 });
  });

  it('keeps nothing shaped like a CPR number from the gateway’s reasons', () => {
    const echoed = outcome({ severity: 'error', code: 'invalid', diagnostics: 'Unknown citizen 0505149996 (050514-9996)' });
    const verdict = verdictOfResponse(422, echoed, null, NOW);
    expect(JSON.stringify(verdict)).not.toMatch(/0505149996|050514-9996/);
    expect(JSON.stringify(verdictOfResponse(500, echoed, null, NOW))).not.toMatch(/0505149996/);
  });
});

describe(verdictOfFailure.name, () => {
  it.each([
    [Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 'timeout: no answer in time'],
    [
      Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET', message: 'socket hang up' } }),
      'connection failed: ECONNRESET (socket hang up)',
    ],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'connection failed: ECONNREFUSED'],
    // Node's HTTP client (the reports' PUT): the code on the error itself, an AbortError when the time is up.
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'connection failed: ECONNRESET (socket hang up)'],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      'connection failed: ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:9)',
    ],
    [Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }), 'timeout: no answer in time'],
    // fetch's errors from another realm (as under Jest's VM modules): read by shape, not instanceof.
    [
      runInNewContext(`Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET', message: 'other side closed' } })`),
      'connection failed: UND_ERR_SOCKET (other side closed)',
    ],
    [runInNewContext(`Object.assign(new Error('aborted'), { name: 'TimeoutError' })`), 'timeout: no answer in time'],
    ['a string', 'a string'],
  ])('retries a try that got no answer: %s', (error, text) => {
    expect(verdictOfFailure(error)).toEqual({ kind: 'retry', error: text });
  });
});

describe(operationOutcome.name, () => {
  it('reads issues, their details.text when there are no diagnostics, and location when there is no expression', () => {
    expect(operationOutcome(outcome({ severity: 'warning', code: 'processing', details: { text: 'why' }, location: ['Bundle'] }))).toEqual([
      { severity: 'warning', code: 'processing', diagnostics: 'why', expression: ['Bundle'] },
    ]);
  });

  it.each(['', 'not json', '{"resourceType":"Bundle"}', '[]', 'null'])('says %j is not an OperationOutcome', (body) => {
    expect(operationOutcome(body)).toBeUndefined();
  });

  it('keeps at most 50 issues, each text at most 500 characters', () => {
    const many = outcome(...Array.from({ length: 80 }, () => ({ severity: 'error', code: 'invalid', diagnostics: 'x'.repeat(2000) })));
    const issues = operationOutcome(many)!;
    expect(issues).toHaveLength(50);
    expect(issues[0].diagnostics!.length).toBeLessThanOrEqual(501);
  });
});

describe(parseRetryAfter.name, () => {
  it.each([
    [null, undefined],
    ['', undefined],
    ['30', 30_000],
    ['0', 0],
    ['Sat, 14 Mar 2026 10:00:30 GMT', 30_000],
    ['Sat, 14 Mar 2026 09:00:00 GMT', 0],
    ['soon', undefined],
  ])('%j is %j ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});

describe(retryDelayMs.name, () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it.each([
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [6, 16_000, 32_000],
    [7, 30_000, 60_000],
    [40, 30_000, 60_000],
  ])('after %i tries waits between %i and %i ms (exponential, half of it random, capped)', (tries, low, high) => {
    expect(retryDelayMs(tries, policy, () => 0)).toBe(low);
    expect(retryDelayMs(tries, policy, () => 0.999999)).toBe(high);
    for (let i = 0; i < 50; i++) {
      const delay = retryDelayMs(tries, policy);
      expect(delay).toBeGreaterThanOrEqual(low);
      expect(delay).toBeLessThanOrEqual(high);
    }
  });

  it('spreads reports that failed together (jitter)', () => {
    expect(new Set(Array.from({ length: 20 }, () => retryDelayMs(5, policy))).size).toBeGreaterThan(10);
  });

  it('waits as long as the gateway asks when that is longer, never past the cap', () => {
    expect(retryDelayMs(1, policy, () => 0, 20_000)).toBe(20_000);
    expect(retryDelayMs(1, policy, () => 0, 10 * 60_000)).toBe(60_000);
    expect(retryDelayMs(5, policy, () => 0, 100)).toBe(8000);
  });
});
