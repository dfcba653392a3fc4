import type { IncomingMessage } from 'node:http';
import { ApplicationLogger, logSinkFor, requestIdOf, looksLikeCpr, scrubbingSink, scrubCpr } from '../../src/common/logging.js';

describe(scrubCpr.name, () => {
  it.each([
    ['0101901234', '[redacted]'],
    ['010190-1234', '[redacted]'],
    ['cpr 3112995678 given', 'cpr [redacted] given'],
    ['{"cpr":"2502871234"}', '{"cpr":"[redacted]"}'],
    ['a=0101901234&b=010190-1234', 'a=[redacted]&b=[redacted]'],
    ['/api/v1/children/0101901234/courses', '/api/v1/children/[redacted]/courses'],
    ['(010190-1234)', '([redacted])'],
  ])('redacts a CPR-shaped number: %s', (input, expected) => {
    expect(scrubCpr(input)).toBe(expected);
  });

  it.each([
    ['an epoch in milliseconds', '{"time":1764140000000}'],
    ['an epoch in seconds', 'exp 1764140000'],
    ['an ISO timestamp', '2026-03-01T10:00:00.000Z'],
    ['a date', '2026-03-01'],
    ['an 8-digit number', 'phone 12345678'],
    ['a 9-digit number', 'ref 010190123'],
    ['an 11-digit number', 'account 01019012345'],
    ['a 12-digit number', '010190123456'],
    ['a number with the day out of range', '4101901234'],
    ['a number with the month out of range', '0121901234'],
    ['a UUID', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
    ['a response time', '"responseTime":12'],
    ['a municipality code and year', '751 2026'],
    // Request ids are UUIDs; about one in forty has a run of ten digits in its last group.
    ['a UUID with ten digits inside its last group', '{"requestId":"3f2504e0-4f89-41d3-9a0c-a0101011234b"}'],
    ['a UUID whose last group starts with ten digits', 'req 3f2504e0-4f89-41d3-9a0c-0101011234ab'],
    ['a UUID whose last group ends with ten digits', '3f2504e0-4f89-41d3-9a0c-ab0101011234'],
    ['a hex key holding ten digits', 'key f00d0101011234beef'],
  ])('leaves %s alone', (_name, input) => {
    expect(scrubCpr(input)).toBe(input);
  });
});

describe(scrubbingSink.name, () => {
  it('passes every line through the scrubber to its target', () => {
    const lines: string[] = [];
    const sut = scrubbingSink({ write: (line) => void lines.push(line) });
    sut.write('{"level":30,"time":1764140000000,"msg":"looked up 010190-1234"}\n');
    sut.write('{"level":30,"msg":"nothing to hide"}\n');
    expect(lines).toEqual(['{"level":30,"time":1764140000000,"msg":"looked up [redacted]"}\n', '{"level":30,"msg":"nothing to hide"}\n']);
  });
});

describe(logSinkFor.name, () => {
  it.each([
    [{ isTTY: true }, 'development', 'pretty'],
    [{ isTTY: true }, 'test', 'pretty'],
    [{ isTTY: true }, 'production', 'json'],
    [{ isTTY: false }, 'development', 'json'],
    [{}, 'development', 'json'],
  ])('stdout %j with NODE_ENV=%s writes %s lines', (stdout, nodeEnv, expected) => {
    expect(logSinkFor(stdout, nodeEnv)).toBe(expected);
  });
});

describe(ApplicationLogger.name, () => {
  function recording() {
    const calls: [string, unknown[]][] = [];
    const record =
      (level: string) =>
      (...args: unknown[]) =>
        calls.push([level, args]);
    const inner = {
      log: record('info'),
      debug: record('debug'),
      error: record('error'),
      warn: record('warn'),
      verbose: record('verbose'),
      fatal: record('fatal'),
    };
    return { calls, sut: new ApplicationLogger(inner as unknown as ConstructorParameters<typeof ApplicationLogger>[0]) };
  }

  it.each(['RouterExplorer', 'RoutesResolver', 'InstanceLoader', 'NestFactory', 'NestApplication'])(
    'moves Nest start-up messages of %s down to debug',
    (context) => {
      const { calls, sut } = recording();
      sut.log('Mapped {/api/v1/courses, POST} route', context);
      expect(calls).toEqual([['debug', ['Mapped {/api/v1/courses, POST} route', context]]]);
    },
  );

  it('keeps every other message at its level', () => {
    const { calls, sut } = recording();
    sut.log('shutting down', 'Main');
    sut.warn('slow', 'Db');
    sut.error('failed', 'Problem');
    expect(calls.map(([level]) => level)).toEqual(['info', 'warn', 'error']);
  });
});

describe(requestIdOf.name, () => {
  const withId = (id: string) => ({ headers: { 'x-request-id': id } }) as unknown as IncomingMessage;

  it.each([['trace-abc.123:7'], ['3f2504e0-4f89-41d3-9a0c-0305e82c3301'], ['req-12345678']])('keeps a sane id: %s', (id) => {
    expect(requestIdOf(withId(id))).toBe(id);
  });

  it.each([['0101011234'], ['010101-1234'], ['req-0101011234'], ['x0101011234y'], ['999999-9999']])(
    'replaces an id holding a CPR-shaped run of ten digits: %s',
    (id) => {
      const replaced = requestIdOf(withId(id));
      expect(replaced).not.toContain(id);
      expect(replaced).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    },
  );
});

describe('looksLikeCpr', () => {
  it.each([
    ['0505149996', true],
    ['Modtager 050514-9996', true],
    ['sst-evaluation-2026', false],
    ['id a0101011234b inside a run of letters and digits', false],
    ['', false],
  ])('%s → %s, the same answer twice in a row and the same as scrubCpr gives', (text, expected) => {
    expect(looksLikeCpr(text)).toBe(expected);
    expect(looksLikeCpr(text)).toBe(expected);
    expect(scrubCpr(text) !== text).toBe(expected);
  });
});
