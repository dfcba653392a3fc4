import { auditQuery, detailsLines, parseAuditSearch } from '../../../web/src/pages/audit/audit.js';
import { emptyExtractForm, municipalityCodes, parseExtractsSearch, toCreateExtract } from '../../../web/src/pages/extracts/extracts.js';
import { indicatorsQuery, parseIndicatorsSearch } from '../../../web/src/pages/indicators/indicators.js';
import { parsePopulationSearch, populationContentType, summaryYears } from '../../../web/src/pages/population/population.js';
import {
  errorsOfVersion,
  withNewVersion,
  withoutVersion,
  type MunicipalTarget,
} from '../../../web/src/pages/service-targets/service-targets.js';
import { completeHalfYears } from '../../../web/src/reports/period.js';

describe('Udtræk: the URL and the request', () => {
  it.each([
    [{ udtraek: '6f1d0e2a-8b3c-4d5e-9f60-718293a4b5c6' }, { udtraek: '6f1d0e2a-8b3c-4d5e-9f60-718293a4b5c6' }],
    [{ udtraek: '0505149996' }, {}],
    [{ udtraek: 42 }, {}],
    [{}, {}],
  ])('reads %p as %p (only an extract id, never anything else)', (search, parsed) => {
    expect(parseExtractsSearch(search)).toEqual(parsed);
  });

  it.each([
    ['751, 101 727', ['751', '101', '727']],
    ['751;101', ['751', '101']],
    ['  ', undefined],
  ])('reads the municipalities %p as %p', (typed, codes) => {
    expect(municipalityCodes(typed)).toEqual(codes);
  });

  it('sends a complete form with ISO dates', () => {
    expect(
      toCreateExtract({
        recipient: 'sst',
        kind: 'courses',
        from: '01.01.2026',
        to: '30.06.2026',
        format: 'jsonl',
        municipalities: '751',
      }),
    ).toEqual({ recipient: 'sst', kind: 'courses', from: '2026-01-01', to: '2026-06-30', format: 'jsonl', municipalities: ['751'] });
  });

  it('leaves empty fields out and sends an unreadable date as typed, for the service to name', () => {
    const body = toCreateExtract({ ...emptyExtractForm(), from: '31.02.2026', format: '' });
    expect(JSON.parse(JSON.stringify(body))).toEqual({ from: '31.02.2026' });
  });
});

describe('Kommunens servicemål: the whole list is sent', () => {
  const stored: MunicipalTarget[] = [
    {
      id: 'a',
      name: 'behandling_21d',
      kind: 'treatment_start_after_screening',
      limitDays: 21,
      validFrom: '2024-01-01',
      validTo: null,
      createdBy: 'mona',
      createdAt: '2026-01-01T10:00:00Z',
    } as MunicipalTarget,
    {
      id: 'b',
      name: 'behandling_21d',
      kind: 'treatment_start_after_screening',
      limitDays: 14,
      validFrom: '2026-01-01',
      validTo: null,
      createdBy: 'mona',
      createdAt: '2026-02-01T10:00:00Z',
    } as MunicipalTarget,
  ];
  const kept = (t: MunicipalTarget) => ({ name: t.name, kind: t.kind, limitDays: t.limitDays, validFrom: t.validFrom, validTo: t.validTo });

  it('adds a version after every stored one, dates in ISO', () => {
    expect(
      withNewVersion(stored, {
        name: ' behandling_21d ',
        kind: 'treatment_start_after_screening',
        limitDays: '10',
        validFrom: '1.7.2026',
        validTo: '',
      }),
    ).toEqual({
      targets: [
        ...stored.map(kept),
        { name: 'behandling_21d', kind: 'treatment_start_after_screening', limitDays: 10, validFrom: '2026-07-01' },
      ],
    });
  });

  it('sends what it cannot read as typed, so the service names the field', () => {
    const added = withNewVersion([], { name: '', kind: '', limitDays: 'ti', validFrom: '32.01.2026', validTo: '2026-12-31' }).targets[0];
    expect(JSON.parse(JSON.stringify(added))).toEqual({ limitDays: 'ti', validFrom: '32.01.2026', validTo: '2026-12-31' });
  });

  it('removes one version and keeps the others as they are', () => {
    expect(withoutVersion(stored, 'a')).toEqual({ targets: [kept(stored[1])] });
  });

  it('puts the service’s errors of the new version on the form’s fields, others in the summary', () => {
    const problem = {
      status: 422,
      errors: [
        { field: 'targets.2.limitDays', code: 'min', message: 'x' },
        { field: 'targets.2', code: 'duplicate_target_version', message: 'x' },
        { field: 'targets.0.validTo', code: 'valid_to_before_valid_from', message: 'x' },
      ],
    };
    expect(errorsOfVersion(problem, 2).errors!.map((e) => e.field)).toEqual(['limitDays', 'validFrom', 'targets.0.validTo']);
  });
});

describe('Revisionsspor: filters in the URL', () => {
  it('reads the filters it knows and drops the rest', () => {
    expect(
      parseAuditSearch({
        municipality: '751',
        resourceType: 'course',
        resourceId: ' 6f1d ',
        actor: 'mona',
        from: '2026-03-01',
        to: '2026-02-30',
        page: '3',
        cpr: '0505149996',
      }),
    ).toEqual({ municipality: '751', resourceType: 'course', resourceId: '6f1d', actor: 'mona', from: '2026-03-01', page: 3 });
  });

  it.each([[{ resourceType: 'Course; drop' }], [{ page: '1' }], [{ page: '0' }], [{ actor: '   ' }], [{ municipality: '75' }]])(
    'ignores %p',
    (search) => {
      expect(parseAuditSearch(search)).toEqual({});
    },
  );

  it('asks the API for the first page unless told', () => {
    expect(auditQuery({ actor: 'mona' }, 50)).toEqual({ actor: 'mona', page: 1, pageSize: 50 });
    expect(auditQuery({ page: 4 }, 25)).toEqual({ page: 4, pageSize: 25 });
  });

  it('writes the details one line a key', () => {
    expect(detailsLines({ courseId: 'c1', status: 'held', fields: ['a', 'b'] })).toEqual([
      'courseId: c1',
      'status: held',
      'fields: ["a","b"]',
    ]);
    expect(detailsLines(null)).toEqual([]);
  });
});

describe('Indikatorer: filters and the API query', () => {
  it('reads the filters it knows', () => {
    expect(
      parseIndicatorsSearch({
        period: '2025-h2',
        level: 'region',
        region: '1082',
        indicator: 'referral.gp',
        area: '751',
        cell: 'sex:female',
      }),
    ).toEqual({ period: '2025H2', level: 'region', region: '1082', indicator: 'referral.gp', area: '751', cell: 'sex:female' });
    expect(parseIndicatorsSearch({ period: '2023H1', level: 'world', indicator: 'cpr', cell: 'age:99' })).toEqual({});
  });

  it('defaults to the last half-year that has ended', () => {
    expect(indicatorsQuery({}, '2026-03-05', true)).toEqual({ period: '2025H2', level: 'national' });
    expect(indicatorsQuery({}, '2026-07-01', true)).toEqual({ period: '2026H1', level: 'national' });
  });

  it('gives managers their municipalities only, and evaluators a region below the nation', () => {
    expect(indicatorsQuery({ level: 'national', region: '1082' }, '2026-03-05', false)).toEqual({
      period: '2025H2',
      level: 'municipality',
    });
    expect(indicatorsQuery({ level: 'region', region: '1082' }, '2026-03-05', true)).toEqual({
      period: '2025H2',
      level: 'region',
      region: '1082',
    });
    expect(indicatorsQuery({ level: 'national', region: '1082' }, '2026-03-05', true)).toEqual({ period: '2025H2', level: 'national' });
  });
});

describe('Baseline and Befolkning', () => {
  it('offers the half-years that have ended since the offer began, oldest first', () => {
    expect(completeHalfYears('2026-03-05')).toEqual(['2024H1', '2024H2', '2025H1', '2025H2']);
    expect(completeHalfYears('2024-07-01')).toEqual(['2024H1']);
    expect(completeHalfYears('2024-03-01')).toEqual([]);
  });

  it.each([
    [{ year: '2026' }, { year: 2026 }],
    [{ year: '26' }, {}],
    [{ year: '2026.5' }, {}],
  ])('reads %p as %p', (search, parsed) => {
    expect(parsePopulationSearch(search)).toEqual(parsed);
  });

  it('sends UTF-8 as UTF-8 and Windows-1252 as what it is', () => {
    expect(populationContentType(new TextEncoder().encode('København;1'))).toBe('text/csv; charset=utf-8');
    expect(populationContentType(Uint8Array.from([0x4b, 0xf8, 0x62]))).toBe('text/csv; charset=windows-1252');
  });

  it('lists the asked year with the loaded ones, newest first', () => {
    const summary = { yearsLoaded: [{ year: 2025 }, { year: 2026 }] } as Parameters<typeof summaryYears>[0];
    expect(summaryYears(summary, 2024)).toEqual([2026, 2025, 2024]);
    expect(summaryYears(undefined, 2026)).toEqual([2026]);
  });
});
