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

  it('answers any other error with a 500 that says nothing of it', () => {
    const problem = toProblem(new Error('connection to 10.0.0.1 refused, password=hunter2'));
    expect(problem).toMatchObject({ status: 500, type: expect.stringMatching(/\/internal$/) });
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });
});
