import { expiryState } from '../../../web/src/auth/expiry.js';
import { cprInput, coursesQuery, parseCoursesSearch } from '../../../web/src/pages/courses/courses-search.js';
import { emptyNewContact, toCreateCourse } from '../../../web/src/pages/new-contact/new-contact.js';
import { landingPathFor, menuFor } from '../../../web/src/layout/screens.js';

describe('menu by role', () => {
  it.each([
    [['caseworker'], ['/arbejdsliste', '/ny-henvendelse', '/forloeb']],
    [
      ['manager'],
      [
        '/arbejdsliste',
        '/ny-henvendelse',
        '/forloeb',
        '/servicemaal',
        '/flow',
        '/sammenligning',
        '/indikatorer',
        '/kommunens-servicemaal',
        '/revisionsspor',
      ],
    ],
    [['evaluator'], ['/flow', '/sammenligning', '/indikatorer', '/udtraek']],
    [['admin'], ['/udtraek', '/befolkning', '/baseline', '/revisionsspor']],
    [
      ['evaluator', 'admin'],
      ['/flow', '/sammenligning', '/indikatorer', '/udtraek', '/befolkning', '/baseline', '/revisionsspor'],
    ],
    [[], []],
  ] as const)('gives %p the entries %p (only screens that exist)', (roles, paths) => {
    expect(menuFor(roles).map((s) => s.path)).toEqual(paths);
  });

  it('lands caseworkers and managers on the working list', () => {
    expect(landingPathFor(['caseworker'])).toBe('/arbejdsliste');
    expect(landingPathFor(['manager', 'admin'])).toBe('/arbejdsliste');
    expect(landingPathFor(['evaluator'])).toBe('/flow');
    expect(landingPathFor(['admin'])).toBe('/udtraek');
    expect(landingPathFor([])).toBeUndefined();
  });
});

describe('session expiry', () => {
  const at = (iso: string) => Date.parse(iso);
  const expiresAt = at('2026-03-05T12:00:00Z') / 1000;

  it.each([
    ['2026-03-05T11:50:00Z', { phase: 'fresh', warnInMs: 8 * 60_000 }],
    ['2026-03-05T11:58:00Z', { phase: 'warning', secondsLeft: 120 }],
    ['2026-03-05T11:59:30.500Z', { phase: 'warning', secondsLeft: 30 }],
    ['2026-03-05T12:00:00Z', { phase: 'expired' }],
    ['2026-03-05T13:00:00Z', { phase: 'expired' }],
  ])('at %s the session is %p', (now, state) => {
    expect(expiryState(expiresAt, at(now))).toEqual(state);
  });
});

describe('course search', () => {
  it.each([
    [
      { status: 'open', from: '2026-01-01', to: '2026-03-31', missingCpr: 'true', municipality: '751', page: '2' },
      { status: 'open', from: '2026-01-01', to: '2026-03-31', missingCpr: true, municipality: '751', page: 2 },
    ],
    [{ status: 'entered_in_error' }, {}],
    [{ from: '01-01-2026' }, {}],
    [{ page: '1' }, {}],
    [{ page: '-3' }, {}],
    [{ cpr: '0505149996' }, {}],
    [{ responsible: 'me' }, { responsible: 'me' }],
    [
      { responsible: 'none', page: '3' },
      { responsible: 'none', page: 3 },
    ],
    [{ responsible: 'sara' }, {}],
  ])('reads the URL %p as %p, and never a CPR', (search, parsed) => {
    expect(parseCoursesSearch(search)).toEqual(parsed);
  });

  it('asks the API by its own parameter names', () => {
    expect(coursesQuery({ status: 'closed', from: '2026-01-01', missingCpr: true, responsible: 'me' }, 50)).toEqual({
      status: 'closed',
      firstContactFrom: '2026-01-01',
      firstContactTo: undefined,
      missingCpr: 'true',
      municipality: undefined,
      responsible: 'me',
      page: 1,
      pageSize: 50,
    });
  });

  it.each([
    [' 050514-9996 ', '050514-9996'],
    ['0505 149996', '0505149996'],
    ['   ', undefined],
  ])('reads the CPR input %p as %p', (typed, cpr) => {
    expect(cprInput(typed)).toBe(cpr);
  });
});

describe('new contact form', () => {
  it('sends a complete form as the API expects it', () => {
    expect(
      toCreateCourse({
        municipalityCode: '751',
        firstContact: { date: '02.03.2026', time: '09:30', channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: 'true',
        cpr: '050514 9996',
        focusAreas: ['worry'],
      }),
    ).toEqual({
      municipalityCode: '751',
      firstContact: { date: '2026-03-02', time: '09:30', channel: 'phone', contactedBy: 'parent' },
      clearlyInTargetGroup: true,
      cpr: '0505149996',
      focusAreas: ['worry'],
    });
  });

  it('sends a date it cannot read as typed, for the service to reject by name', () => {
    expect(
      toCreateCourse({ ...emptyNewContact('751'), firstContact: { date: '31.02.2026', time: '', channel: '', contactedBy: '' } })
        .firstContact,
    ).toEqual({
      date: '31.02.2026',
    });
  });

  it('leaves empty fields out, so the API names each one', () => {
    expect(JSON.parse(JSON.stringify(toCreateCourse(emptyNewContact('101'))))).toEqual({ municipalityCode: '101', firstContact: {} });
  });
});
