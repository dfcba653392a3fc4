/**
 * Disclosure control across outputs (docs/domain.md, "Anonymised extracts for the evaluation";
 * docs/metrics.md, "Disclosure control across outputs"): for generated cohorts, every output an
 * evaluator can get for the cohort (the compliance and flow reports at every scope and grouping
 * the publication holds, the comparison of municipalities, the indicators at every level, the aggregates extract) is read by the
 * attacker of test/support/disclosure-attacker.ts, which tries to determine every hidden count
 * from all the other published figures at once. It must find none, and no figure may be shown
 * two ways by two outputs.
 */
import fc from 'fast-check';
import pg from 'pg';
import type { SyntheticCourse } from '../../src/synthetic/synthetic.generator.js';
import { Attacker, cell, type Figure, type Region } from '../support/disclosure-attacker.js';
import { contact, course, load, type MediumDatabase } from '../support/medium.js';
import { makeExtract } from '../support/extracts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { AppConfig } from '../../src/config/app-config.js';
import { validateEnv } from '../../src/config/env.js';
import { randomBytes } from 'node:crypto';

const NOW = new Date('2026-08-17T10:00:00Z');
const TODAY = '2026-08-17';
const FROM = '2026-01-01';
const TO = '2026-06-30';
/** The generated cohorts' municipalities: two in Region Midtjylland (1082), two in the Capital Region (1084). */
const MUNICIPALITIES = ['727', '751', '101', '147'];
const TARGETS = ['pre_conversation_14d', 'screening_30d'];

describe('disclosure control across outputs', () => {
  let sut: TestApp;
  let evaluator: string;
  let database: MediumDatabase;

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    evaluator = await sut.bearer({ sub: 'ev-sst', roles: ['evaluator'], municipalities: [] });
    const admin = await sut.bearer({ sub: 'adm', roles: ['admin'], municipalities: [] });
    await sut.http.post('/api/v1/extract-recipients').set('Authorization', admin).send({ id: 'sst', name: 'SST' }).expect(201);
    const key = () => randomBytes(32);
    const config = new AppConfig(
      validateEnv({ NODE_ENV: 'test' }),
      { appUrl: sut.db.appUrl, poolSize: 1 },
      {
        mode: 'local',
        issuer: 'x',
        audience: 'x',
        algorithms: ['ES256'],
        clockToleranceSeconds: 0,
        claims: { roles: 'roles', municipalities: 'municipalities', name: 'name' },
      },
      { cprKeys: new Map([['k1', key()]]), currentKeyId: 'k1', cprIndexKey: key(), extractKeyEncryptionKey: key() },
    );
    database = { test: sut.db, config } as unknown as MediumDatabase;
  }, 120_000);
  afterAll(() => sut.close());

  async function reset() {
    const owner = new pg.Client({ connectionString: sut.db.ownerUrl });
    await owner.connect();
    await owner.query(
      `TRUNCATE kl_report, kl_reported_resource, kl_course_state, course_target, course_summary, consent, referral, contact, course, child`,
    );
    await owner.end();
  }

  const get = async (url: string) => {
    const res = await sut.http.get(url).set('Authorization', evaluator);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  /**
   * Every output an evaluator can get for the cohort 2026H1, read into one attacker. It knows the
   * register (public), not which areas had courses; but an output that lists groups and leaves
   * one out tells that the group had none, and the attacker reads that too.
   */
  async function readEverything(): Promise<Attacker> {
    const register: { items: { code: string; regionCode: string }[] } = await get('/api/v1/municipalities');
    const byRegion = new Map<string, string[]>();
    for (const m of register.items) byRegion.set(m.regionCode, [...(byRegion.get(m.regionCode) ?? []), m.code]);
    const regions: Region[] = [...byRegion].map(([code, municipalities]) => ({ code, municipalities }));
    const attacker = new Attacker(regions);
    const period = `from=${FROM}&to=${TO}`;
    const ages = ['5-9', '10-13', '14-17', 'outside_range', 'unknown'];
    const sexes = ['female', 'male', 'unknown'];
    type Scope = { query: string; area: (key: string) => string; breakdown: (key: string) => string; exact: boolean; keys: string[] };
    const scopes: Scope[] = [
      { query: '', area: () => 'DK', breakdown: () => 'all', exact: true, keys: ['all'] },
      { query: '&groupBy=age_group', area: () => 'DK', breakdown: (k) => `age_group:${k}`, exact: true, keys: ages },
      { query: '&groupBy=sex', area: () => 'DK', breakdown: (k) => `sex:${k}`, exact: true, keys: sexes },
      { query: '&groupBy=municipality', area: (k) => k, breakdown: () => 'all', exact: false, keys: register.items.map((m) => m.code) },
      { query: '&groupBy=region', area: (k) => k, breakdown: () => 'all', exact: false, keys: [...byRegion.keys()] },
      ...[...byRegion.keys(), ...register.items.map((m) => m.code)].flatMap((area) => {
        const scope = area.length === 4 ? `&region=${area}` : `&municipality=${area}`;
        return [
          { query: scope, area: () => area, breakdown: () => 'all', exact: false, keys: ['all'] },
          { query: `${scope}&groupBy=age_group`, area: () => area, breakdown: (k: string) => `age_group:${k}`, exact: false, keys: ages },
          { query: `${scope}&groupBy=sex`, area: () => area, breakdown: (k: string) => `sex:${k}`, exact: false, keys: sexes },
        ];
      }),
    ];
    /** The groups an output listed: those of `s.keys` it left out had no course. */
    const listed = (s: Scope, groups: { key: string }[]) => {
      const keys = new Set(groups.map((g) => g.key));
      for (const k of s.keys) if (!keys.has(k)) attacker.empty(s.area(k), s.breakdown(k));
    };
    for (const s of scopes) {
      const compliance = await get(`/api/v1/reports/compliance?${period}${s.query}`);
      for (const t of compliance.targets) {
        if (TARGETS.includes(t.target)) listed(s, t.groups);
        for (const g of t.groups) {
          const at = (m: string, value: Figure) =>
            attacker.see({
              cell: cell(`${t.target}.${m}`, s.area(g.key), s.breakdown(g.key)),
              value,
              exact: s.exact,
              source: `compliance${s.query}`,
            });
          at('met', g.met);
          at('breached', g.breached);
          at('overdue', g.overdue);
          at('pending', g.pending);
          at('not_applicable', g.notApplicable);
          at('completed_n', g.completed.n);
          at('open_n', g.open.n);
          at('adjusted_met', g.adjusted.met);
          at('adjusted_breached', g.adjusted.breached);
          at('adjusted_overdue', g.adjusted.overdue);
          at('adjusted_completed_n', g.adjusted.completed.n);
          const c = (m: string) => cell(`${t.target}.${m}`, s.area(g.key), s.breakdown(g.key));
          attacker.seeRate({
            numerator: [c('met')],
            denominator: [c('met'), c('breached'), c('overdue')],
            value: g.rate,
            exact: s.exact,
            source: 'compliance rate',
          });
          attacker.seeRate({
            numerator: [c('adjusted_met')],
            denominator: [c('adjusted_met'), c('adjusted_breached'), c('adjusted_overdue')],
            value: g.adjusted.rate,
            exact: s.exact,
            source: 'compliance adjusted rate',
          });
        }
      }
      const flow = await get(`/api/v1/reports/flow?${period}${s.query}`);
      listed(s, flow.groups);
      for (const g of flow.groups) {
        const at = (m: string, value: Figure) =>
          attacker.see({ cell: cell(m, s.area(g.key), s.breakdown(g.key)), value, exact: s.exact, source: `flow${s.query}` });
        at('first_contact', g.reached.firstContact);
        at('reached_pre_conversation', g.reached.preConversation);
        at('reached_screening', g.reached.screening);
        at('reached_treatment', g.reached.treatment);
        at('reached_completed', g.reached.completed);
        at('closed', g.closed);
        for (const [r, v] of Object.entries(g.closureReasons)) at(`closure_${r}`, v as Figure);
        for (const [d, v] of Object.entries(g.referralDestinations)) at(`referral_${d}`, v as Figure);
        for (const [w, v] of Object.entries(g.waits)) at(`wait_${w}_n`, (v as { n: Figure }).n);
        for (const step of ['pre_conversation', 'screening', 'treatment', 'completed']) {
          const field = { pre_conversation: 'preConversation', screening: 'screening', treatment: 'treatment', completed: 'completed' }[
            step
          ]!;
          attacker.seeRate({
            numerator: [cell(`reached_${step}`, s.area(g.key), s.breakdown(g.key))],
            denominator: [cell('first_contact', s.area(g.key), s.breakdown(g.key))],
            value: g.shareReached[field],
            exact: s.exact,
            source: 'flow share',
          });
        }
      }
    }
    // The comparison of municipalities: each municipality's judged count and rate, the nation's exact.
    for (const target of TARGETS) {
      const comparison: {
        national: { rate: Figure; judged: number };
        municipalities: { code: string; judged: Figure; rate: Figure }[];
      } = await get(`/api/v1/reports/comparison?period=2026H1&target=${target}`);
      const c = (m: string, area: string) => cell(`${target}.${m}`, area, 'all');
      const rate = (area: string, value: Figure, exact: boolean) =>
        attacker.seeRate({
          numerator: [c('met', area)],
          denominator: [c('met', area), c('breached', area), c('overdue', area)],
          value,
          exact,
          source: 'comparison rate',
        });
      attacker.see({ cell: c('judged_n', 'DK'), value: comparison.national.judged, exact: true, source: 'comparison' });
      rate('DK', comparison.national.rate, true);
      for (const m of comparison.municipalities) {
        attacker.see({ cell: c('judged_n', m.code), value: m.judged, exact: false, source: 'comparison' });
        rate(m.code, m.rate, false);
      }
    }
    for (const level of ['national', 'region', 'municipality']) {
      const body = await get(`/api/v1/indicators?period=2026H1&level=${level}`);
      const areas = level === 'national' ? ['DK'] : level === 'region' ? [...byRegion.keys()] : register.items.map((m) => m.code);
      const shownAreas = new Set((body.areas as { code: string }[]).map((a) => a.code));
      for (const a of areas)
        if (!shownAreas.has(a))
          for (const b of ['all', ...ages.map((g) => `age_group:${g}`), ...sexes.map((x) => `sex:${x}`)]) attacker.empty(a, b);
      for (const area of body.areas) {
        for (const g of ages) if (!(g in area.byAgeGroup)) attacker.empty(area.code, `age_group:${g}`);
        for (const x of sexes) if (!(x in area.bySex)) attacker.empty(area.code, `sex:${x}`);
        const cells: [
          string,
          { indicators: Record<string, { value: Figure }>; referralDestinations: Record<string, { value: Figure }> },
        ][] = [
          ['all', area.all],
          ...Object.entries(area.byAgeGroup).map(([g, c]) => [`age_group:${g}`, c] as [string, never]),
          ...Object.entries(area.bySex).map(([x, c]) => [`sex:${x}`, c] as [string, never]),
        ];
        for (const [breakdown, c] of cells) {
          const exact = level === 'national';
          attacker.see({
            cell: cell('first_contact', area.code, breakdown),
            value: c.indicators.firstContacts.value,
            exact,
            source: `indicators ${level}`,
          });
          for (const [d, f] of Object.entries(c.referralDestinations)) {
            attacker.see({ cell: cell(`referral_${d}`, area.code, breakdown), value: f.value, exact, source: `indicators ${level}` });
          }
          const share = (id: string, numerator: string) =>
            attacker.seeRate({
              numerator: [cell(numerator, area.code, breakdown)],
              denominator: [cell('first_contact', area.code, breakdown)],
              value: c.indicators[id].value,
              exact,
              source: `indicators ${id}`,
            });
          share('shareReachingPreConversation', 'reached_pre_conversation');
          share('shareReachingScreening', 'reached_screening');
          share('shareReachingTreatment', 'reached_treatment');
          share('shareCompleted', 'closure_completed');
          share('dropOutShare', 'closure_dropped_out');
          for (const t of TARGETS) {
            const id = `compliance${t.replace(/(^|_)([a-z0-9])/g, (_m, _u, x: string) => x.toUpperCase())}`;
            const k = (m: string) => cell(`${t}.${m}`, area.code, breakdown);
            attacker.seeRate({
              numerator: [k('met')],
              denominator: [k('met'), k('breached'), k('overdue')],
              value: c.indicators[id].value,
              exact,
              source: `indicators ${id}`,
            });
          }
        }
      }
    }
    const created = await makeExtract(sut.http, evaluator, { recipient: 'sst', from: FROM, to: TO, kind: 'aggregates', format: 'jsonl' });
    const file = await sut.http
      .get(`/api/v1/extracts/${created.id}/file`)
      .set('Authorization', evaluator)
      .buffer(true)
      .parse((res, cb) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => cb(null, Buffer.concat(parts)));
      })
      .expect(200);
    const rows = (file.body as Buffer)
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string | number | null>);
    // The extract lists its areas below national level: one it leaves out had no course.
    for (const [level, areas] of [
      ['municipality', register.items.map((m) => m.code)],
      ['region', [...byRegion.keys()]],
    ] as const) {
      const shown = new Set(rows.filter((r) => r.level === level && r.report !== 'indicators').map((r) => String(r.area_code)));
      for (const a of areas) if (!shown.has(a)) attacker.empty(a);
    }
    for (const r of rows) {
      const area = r.level === 'national' ? 'DK' : String(r.area_code);
      const exact = r.level === 'national';
      const source = `extract ${r.report}`;
      if (r.report === 'compliance' && r.period !== 'extract') {
        const m = String(r.measure);
        if (
          ['met', 'breached', 'overdue', 'pending', 'not_applicable', 'adjusted_met', 'adjusted_breached', 'adjusted_overdue'].includes(m)
        ) {
          attacker.see({ cell: cell(`${r.target}.${m}`, area), value: r.value, exact, source });
        }
        if (m === 'total') attacker.see({ cell: cell('first_contact', area), value: r.value, exact, source });
      }
      if (r.report === 'flow' && r.period !== 'extract') {
        const m = String(r.measure);
        if (m.startsWith('reached_'))
          attacker.see({ cell: cell(m === 'reached_first_contact' ? 'first_contact' : m, area), value: r.value, exact, source });
        if (m === 'closed' || m.startsWith('closure_') || m.startsWith('referral_'))
          attacker.see({ cell: cell(m, area), value: r.value, exact, source });
      }
      if (r.report === 'indicators' && r.measure === 'first_contacts') {
        const b = String(r.breakdown)
          .replace(/^age_group_(\d+)_(\d+)$/, 'age_group:$1-$2')
          .replace(/^age_group_/, 'age_group:')
          .replace(/^sex_/, 'sex:');
        attacker.see({ cell: cell('first_contact', area, b), value: r.value, exact, source });
      }
    }
    return attacker;
  }

  async function check(courses: SyntheticCourse[]) {
    await reset();
    await load(database, courses, TODAY);
    // A fresh token for each cohort: the whole property runs longer than a token lives.
    evaluator = await sut.bearer({ sub: 'ev-sst', roles: ['evaluator'], municipalities: [] });
    const attacker = await readEverything();
    expect(attacker.inconsistencies()).toEqual([]);
    expect(attacker.leaks()).toEqual([]);
    return attacker;
  }

  const halfYearDate = fc.integer({ min: 0, max: 180 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
  const plus = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
  const generatedCourse = fc
    .record({
      municipality: fc.constantFrom(...MUNICIPALITIES),
      firstContact: halfYearDate,
      withCpr: fc.boolean(),
      age: fc.integer({ min: 3, max: 19 }),
      sex: fc.constantFrom('female' as const, 'male' as const),
      clearly: fc.boolean(),
      pre: fc.option(fc.integer({ min: 1, max: 30 })),
      screening: fc.option(fc.integer({ min: 5, max: 45 })),
      familyDelay: fc.boolean(),
      closed: fc.option(fc.constantFrom('completed' as const, 'dropped_out' as const, 'family_declined' as const)),
    })
    .map((g) =>
      course({
        municipality: g.municipality,
        firstContact: g.firstContact,
        child: g.withCpr ? { birthDate: `${2026 - g.age}-01-01`, sex: g.sex } : undefined,
        clearlyInTargetGroup: g.clearly,
        contacts: [
          ...(g.familyDelay && g.pre !== null
            ? [contact('pre_conversation', plus(g.firstContact, Math.max(0, g.pre - 1)), 'cancelled_by_family')]
            : []),
          ...(g.pre !== null
            ? [contact('pre_conversation', plus(g.firstContact, g.pre + (g.familyDelay ? 7 : 0)), 'held', 'proceed_to_screening')]
            : []),
          ...(g.screening !== null ? [contact('screening', plus(g.firstContact, g.screening + 10), 'held', 'other_help')] : []),
        ],
        close: g.closed ? { date: plus(g.firstContact, 60), reason: g.closed } : undefined,
      }),
    );

  it('hides nothing recoverable for generated cohorts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(generatedCourse, { minLength: 1, maxLength: 40 }), async (courses) => {
        await check(courses);
      }),
      { numRuns: Number(process.env.DISCLOSURE_RUNS ?? 6), endOnFailure: true },
    );
  }, 900_000);

  it('protects a lone course: one municipality, one child, the nation exact', async () => {
    await check([course({ municipality: '751', firstContact: '2026-02-02', child: { birthDate: '2015-01-01', sex: 'female' } })]);
  }, 300_000);

  it('protects a municipality with few courses next to one with many, and the adjusted twin of a hidden count', async () => {
    const many = Array.from({ length: 12 }, (_x, i) =>
      course({
        municipality: '101',
        firstContact: plus('2026-02-02', i),
        child: { birthDate: '2012-01-01', sex: i % 2 ? 'male' : 'female' },
        contacts: [contact('pre_conversation', plus('2026-02-02', i + 7), 'held', 'proceed_to_screening')],
      }),
    );
    const few = [
      course({ municipality: '147', firstContact: '2026-03-02', child: { birthDate: '2011-01-01', sex: 'male' } }),
      course({
        municipality: '147',
        firstContact: '2026-03-03',
        child: { birthDate: '2013-01-01', sex: 'female' },
        contacts: [
          contact('pre_conversation', '2026-03-10', 'cancelled_by_family'),
          contact('pre_conversation', '2026-03-30', 'held', 'proceed_to_screening'),
        ],
      }),
    ];
    await check([...many, ...few]);
  }, 300_000);
});
