import { ForbiddenError, InvalidInputError } from '../../src/common/errors.js';
import type { Principal, Role } from '../../src/common/request-context.js';
import { indicatorAccess, type IndicatorQuestion } from '../../src/monitoring/indicator-access.policy.js';
import type { MunicipalityArea } from '../../src/statistics/population-figures.repository.js';

/** A small register: two regions of two municipalities each. */
const ALL: MunicipalityArea[] = [
  { code: '101', name: 'København', regionCode: '1084', regionName: 'Region Hovedstaden' },
  { code: '147', name: 'Frederiksberg', regionCode: '1084', regionName: 'Region Hovedstaden' },
  { code: '727', name: 'Odder', regionCode: '1082', regionName: 'Region Midtjylland' },
  { code: '751', name: 'Aarhus', regionCode: '1082', regionName: 'Region Midtjylland' },
];
const ASKED: Record<string, IndicatorQuestion> = {
  none: {},
  'municipality=751': { municipality: '751' },
  'municipality=751,101': { municipality: '751,101' },
  'region=1082': { region: '1082' },
  'level=municipality': { level: 'municipality' },
  'level=municipality&region=1082': { level: 'municipality', region: '1082' },
  'level=region': { level: 'region' },
  'level=region&region=1082': { level: 'region', region: '1082' },
  'level=national': { level: 'national' },
};
const TOKENS: Record<string, string[]> = { none: [], '751': ['751'], '751+101': ['751', '101'] };

type Outcome =
  | { level: string; scope: object; disclosure: string | null; members: string[]; national: boolean }
  | { error: 'forbidden: managers and evaluators' | 'forbidden: own municipalities' };
const NOT_FOR_YOU = { error: 'forbidden: managers and evaluators' } as const;
const NOT_YOURS = { error: 'forbidden: own municipalities' } as const;
const ok = (level: string, scope: object, disclosure: string | null, members: string[], national: boolean): Outcome => ({
  level,
  scope,
  disclosure,
  members,
  national,
});

const TABLE: [Role[], string, string, Outcome][] = [];
const row = (roles: Role[], token: string, outcomes: Record<keyof typeof ASKED, Outcome>) => {
  for (const [asked, outcome] of Object.entries(outcomes)) TABLE.push([roles, token, asked, outcome]);
};
const everyQuestion = (outcome: Outcome) => Object.fromEntries(Object.keys(ASKED).map((k) => [k, outcome]));
for (const token of Object.keys(TOKENS)) {
  row(['caseworker'], token, everyQuestion(NOT_FOR_YOU));
  row(['admin'], token, everyQuestion(NOT_FOR_YOU));
  row(['evaluator'], token, {
    none: ok('national', { national: true }, 'national', ['101', '147', '727', '751'], true),
    'municipality=751': ok('municipality', { municipalities: ['751'] }, 'municipality', ['751'], true),
    'municipality=751,101': ok('municipality', { municipalities: ['101', '751'] }, 'municipality', ['101', '751'], true),
    'region=1082': ok('region', { region: '1082' }, 'region', ['727', '751'], true),
    'level=municipality': ok('municipality', { national: true }, 'municipality', ['101', '147', '727', '751'], true),
    'level=municipality&region=1082': ok('municipality', { region: '1082' }, 'municipality', ['727', '751'], true),
    'level=region': ok('region', { national: true }, 'region', ['101', '147', '727', '751'], true),
    'level=region&region=1082': ok('region', { region: '1082' }, 'region', ['727', '751'], true),
    'level=national': ok('national', { national: true }, 'national', ['101', '147', '727', '751'], true),
  });
}
row(['manager'], 'none', everyQuestion(NOT_FOR_YOU));
row(['manager'], '751', {
  none: ok('municipality', { municipalities: ['751'] }, null, ['751'], false),
  'municipality=751': ok('municipality', { municipalities: ['751'] }, null, ['751'], false),
  'municipality=751,101': NOT_YOURS,
  'region=1082': NOT_YOURS,
  'level=municipality': ok('municipality', { municipalities: ['751'] }, null, ['751'], false),
  'level=municipality&region=1082': NOT_YOURS,
  'level=region': NOT_YOURS,
  'level=region&region=1082': NOT_YOURS,
  'level=national': NOT_YOURS,
});
row(['manager'], '751+101', {
  none: ok('municipality', { municipalities: ['101', '751'] }, null, ['101', '751'], false),
  'municipality=751': ok('municipality', { municipalities: ['751'] }, null, ['751'], false),
  'municipality=751,101': ok('municipality', { municipalities: ['101', '751'] }, null, ['101', '751'], false),
  'region=1082': NOT_YOURS,
  'level=municipality': ok('municipality', { municipalities: ['101', '751'] }, null, ['101', '751'], false),
  'level=municipality&region=1082': NOT_YOURS,
  'level=region': NOT_YOURS,
  'level=region&region=1082': NOT_YOURS,
  'level=national': NOT_YOURS,
});

function outcomeOf(question: IndicatorQuestion, caller: Principal): Outcome {
  try {
    const access = indicatorAccess(question, caller, ALL);
    return { ...access, members: access.members.map((m) => m.code) };
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    return error.message.includes('own') ? NOT_YOURS : NOT_FOR_YOU;
  }
}

describe(indicatorAccess.name, () => {
  it('covers every role, token and question', () => {
    expect(TABLE).toHaveLength((3 * 3 + 3) * Object.keys(ASKED).length);
  });

  it.each(TABLE)('%j with municipalities %s asking %s', (roles, token, asked, outcome) => {
    expect(outcomeOf(ASKED[asked], { sub: 'u', roles, municipalities: TOKENS[token] })).toEqual(outcome);
  });

  it.each([
    [{ municipality: '999' }, 'municipality', 'unknown'],
    [{ level: 'region', municipality: '751' }, 'municipality', 'level'],
    [{ level: 'national', municipality: '751' }, 'municipality', 'level'],
    [{ level: 'national', region: '1082' }, 'region', 'level'],
  ] as [IndicatorQuestion, string, string][])('refuses %j with a 400 naming %s (%s), before any role check', (question, field, code) => {
    for (const roles of [['evaluator'], ['caseworker'], ['manager']] as Role[][]) {
      expect(() => indicatorAccess(question, { sub: 'u', roles, municipalities: ['751'] }, ALL)).toThrow(InvalidInputError);
      try {
        indicatorAccess(question, { sub: 'u', roles, municipalities: ['751'] }, ALL);
      } catch (error) {
        expect(error).toMatchObject({ errors: [expect.objectContaining({ field, code })] });
      }
    }
  });
});
