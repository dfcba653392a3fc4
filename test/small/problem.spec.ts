import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { toProblem } from '../../src/common/problem.filter.js';

const dbError = (code: string, constraint?: string) =>
  Object.assign(new Error('db'), { driverError: { code, constraint, detail: 'Key (cpr_index)=(secret) exists' } });

describe(toProblem.name, () => {
  it.each([
    ['23505', 409, 'conflict'],
    ['23514', 422, 'constraint_violation'],
    ['23503', 422, 'constraint_violation'],
    ['22001', 422, 'constraint_violation'],
    ['40001', 503, 'busy'],
    ['40P01', 503, 'busy'],
  ])('answers a database error %s with %i %s, naming the constraint but no value', (code, status, type) => {
    const problem = toProblem(dbError(code, 'course_one_open_per_child'));
    expect(problem).toMatchObject({ status, type: expect.stringMatching(new RegExp(`/${type}$`)) });
    if (status !== 503) expect(problem.detail).toContain('course_one_open_per_child');
    expect(JSON.stringify(problem)).not.toContain('secret');
  });

  it('answers a write row-level security refused with 403, naming neither the table nor the policy', () => {
    const refused = Object.assign(new Error('db'), {
      driverError: { code: '42501', message: 'new row violates row-level security policy for table "course"' },
    });
    const problem = toProblem(refused);
    expect(problem).toMatchObject({ status: 403, type: expect.stringMatching(/\/forbidden$/) });
    expect(JSON.stringify(problem)).not.toMatch(/course|policy/);
  });

  it('leaves a missing privilege (42501 without row-level security) a 500: a deployment fault, not the caller’s', () => {
    const denied = Object.assign(new Error('db'), { driverError: { code: '42501', message: 'permission denied for table course' } });
    expect(toProblem(denied)).toMatchObject({ status: 500 });
  });

  it('answers a transaction whose connection the database dropped (the query runner was released under it) with 503', () => {
    // TypeORM releases a query runner when its connection emits an error (the server terminated
    // it); the request's next query then throws this, in place of the lost connection's error.
    expect(toProblem(new QueryRunnerProviderAlreadyReleasedError())).toMatchObject({ status: 503 });
    expect(toProblem(new QueryRunnerAlreadyReleasedError())).toMatchObject({
      status: 503,
      type: expect.stringMatching(/\/database_unavailable$/),
    });
  });

  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
  it.each([
    ['the database system is starting up (57P03)', dbError('57P03')],
    ['57P03 when connecting, not wrapped by TypeORM', withCode('the database system is starting up', '57P03')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['terminated by an administrator (57P01)', dbError('57P01')],
    ['a connection failure (08006)', dbError('08006')],
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['connection refused on every address', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], '')],
    ['a connection reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['no free connection in the pool in time', new Error('timeout exceeded when trying to connect')],
    ['a refusal as the cause of another error', new Error('query failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') })],
  ])('answers a database outage, %s, with 503 database_unavailable', (_what, error) => {
    const problem = toProblem(error);
    expect(problem).toMatchObject({ status: 503, type: expect.stringMatching(/\/database_unavailable$/) });
    expect(JSON.stringify(problem)).not.toMatch(/ECONN|127\.0\.0\.1|5432/);
  });

  it('answers any other error with a 500 that says nothing of it', () => {
    const problem = toProblem(new Error('connection to 10.0.0.1 refused, password=hunter2'));
    expect(problem).toMatchObject({ status: 500, type: expect.stringMatching(/\/internal$/) });
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });
});
