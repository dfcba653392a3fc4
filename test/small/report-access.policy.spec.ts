import { ForbiddenError, InvalidInputError } from '../../src/common/errors.js';
import type { Principal, Role } from '../../src/common/request-context.js';
import { reportAccess, type ReportQuestion } from '../../src/reports/report-access.policy.js';

const PERIOD = { from: '2026-01-01', to: '2026-06-30' };
const ASKED: Record<string, Partial<ReportQuestion>> = {
  none: {},
  '751': { municipality: '751' },
  '101': { municipality: '101' },
  '751,101': { municipality: '751,101' },
  'region 1082': { region: '1082' },
  national: { national: '' },
};
const TOKENS: Record<string, string[]> = { none: [], '751': ['751'], '751+101': ['751', '101'] };

type Outcome =
  | { scope: object; level: string | null; national: boolean }
  | { error: 'forbidden: managers and evaluators' | 'forbidden: own municipalities' | 'invalid: one municipality' };
const M = (...municipalities: string[]) => ({ level: 'municipality', municipalities });
const NOT_FOR_YOU = { error: 'forbidden: managers and evaluators' } as const;
const NOT_YOURS = { error: 'forbidden: own municipalities' } as const;
/** An evaluator's sum over chosen municipalities would give hidden figures by difference (disclosure control). */
const ONE_AT_A_TIME = { error: 'invalid: one municipality' } as const;

/** Every role × token municipalities × scope asked, each outcome written out. */
const TABLE: [Role[], string, string, Outcome][] = [];
const row = (roles: Role[], token: string, outcomes: Record<keyof typeof ASKED, Outcome>) => {
  for (const [asked, outcome] of Object.entries(outcomes)) TABLE.push([roles, token, asked, outcome]);
};
for (const token of Object.keys(TOKENS)) {
  const everyScope = (outcome: Outcome) => ({
    none: outcome,
    '751': outcome,
    '101': outcome,
    '751,101': outcome,
    'region 1082': outcome,
    national: outcome,
  });
  row(['caseworker'], token, everyScope(NOT_FOR_YOU));
  row(['admin'], token, everyScope(NOT_FOR_YOU));
  row(['evaluator'], token, {
    none: { scope: { level: 'national' }, level: 'national', national: true },
    '751': { scope: M('751'), level: 'municipality', national: true },
    '101': { scope: M('101'), level: 'municipality', national: true },
    '751,101': ONE_AT_A_TIME,
    'region 1082': { scope: { level: 'region', region: '1082' }, level: 'region', national: true },
    national: { scope: { level: 'national' }, level: 'national', national: true },
  });
}
row(['manager'], 'none', {
  none: NOT_FOR_YOU,
  '751': NOT_FOR_YOU,
  '101': NOT_FOR_YOU,
  '751,101': NOT_FOR_YOU,
  'region 1082': NOT_FOR_YOU,
  national: NOT_FOR_YOU,
});
row(['manager'], '751', {
  none: { scope: M('751'), level: null, national: false },
  '751': { scope: M('751'), level: null, national: false },
  '101': NOT_YOURS,
  '751,101': NOT_YOURS,
  'region 1082': NOT_YOURS,
  national: NOT_YOURS,
});
row(['manager'], '751+101', {
  none: { scope: M('751', '101'), level: null, national: false },
  '751': { scope: M('751'), level: null, national: false },
  '101': { scope: M('101'), level: null, national: false },
  '751,101': { scope: M('751', '101'), level: null, national: false },
  'region 1082': NOT_YOURS,
  national: NOT_YOURS,
});
// A manager who is also an evaluator: the evaluator's rules (suppressed), over their own municipalities by default.
row(['manager', 'evaluator'], '751', {
  none: { scope: M('751'), level: 'municipality', national: true },
  '751': { scope: M('751'), level: 'municipality', national: true },
  '101': { scope: M('101'), level: 'municipality', national: true },
  '751,101': ONE_AT_A_TIME,
  'region 1082': { scope: { level: 'region', region: '1082' }, level: 'region', national: true },
  national: { scope: { level: 'national' }, level: 'national', national: true },
});

const principal = (roles: Role[], token: string): Principal => ({ sub: 'u', roles, municipalities: TOKENS[token] });

function outcomeOf(question: ReportQuestion, caller: Principal): Outcome {
  try {
    return reportAccess(question, caller);
  } catch (error) {
    if (error instanceof InvalidInputError && error.errors?.[0]?.code === 'one_municipality') return ONE_AT_A_TIME;
    if (!(error instanceof ForbiddenError)) throw error;
    return error.message.includes('own') ? NOT_YOURS : NOT_FOR_YOU;
  }
}

describe(reportAccess.name, () => {
  it('covers every role, token and scope asked', () => {
    expect(TABLE).toHaveLength(3 * 3 * 6 + 3 * 6 + 6);
  });

  it.each(TABLE)('%j with municipalities %s asking for %s', (roles, token, asked, outcome) => {
    expect(outcomeOf({ ...PERIOD, ...ASKED[asked] }, principal(roles, token))).toEqual(outcome);
  });

  it.each([
    [undefined, 'national', 'national'],
    ['month', 'national', 'national'],
    ['age_group', 'national', 'national'],
    ['municipality', 'national', 'municipality'],
    ['region', 'national', 'region'],
    ['region', 'region', 'region'],
    ['region', 'municipality', 'municipality'],
    ['municipality', 'region', 'municipality'],
    ['month', 'region', 'region'],
    ['sex', 'municipality', 'municipality'],
  ] as const)('an evaluator grouping by %s at %s scope sees figures at %s level', (groupBy, scope, level) => {
    const asked = { national: { national: '' }, region: { region: '1084' }, municipality: { municipality: '101' } }[scope];
    expect(reportAccess({ ...PERIOD, ...asked, groupBy }, principal(['evaluator'], 'none')).level).toBe(level);
  });

  it.each([
    [{ from: '2026-02-01', to: '2026-01-31' }, 'to', 'after_from'],
    [{ ...PERIOD, municipality: '751', region: '1082' }, 'municipality', 'one_scope'],
    [{ ...PERIOD, region: '1082', national: '' }, 'municipality', 'one_scope'],
  ] as [ReportQuestion, string, string][])('refuses %j with a 400 naming %s (%s), before any role check', (question, field, code) => {
    for (const roles of [['evaluator'], ['caseworker']] as Role[][]) {
      const error = (() => {
        try {
          reportAccess(question, principal(roles, '751'));
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ errors: [expect.objectContaining({ field, code })] });
    }
  });
});
