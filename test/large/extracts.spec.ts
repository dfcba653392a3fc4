/**
 * The evaluation extracts end to end (docs/domain.md, "Anonymised extracts for the evaluation"): a
 * fixture built through the courses API on a pinned day, every kind in every format created and
 * downloaded by an evaluator, and each file read back as the evaluator would read it.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'express';
import { ExtractCliError, parseExtractArgs, runExtract } from '../../src/bin/extract.js';
import { DomainError } from '../../src/common/errors.js';
import { addDays } from '../../src/kernel/local-date.js';
import { AGGREGATE_COLUMNS } from '../../src/extracts/aggregate-rows.js';
import { MUNICIPALITIES_2026 } from '../../migrations/data/municipalities-2026.js';
import { columnsFor, EXTRACT_SCHEMA_VERSION } from '../../src/extracts/extract-columns.js';
import { ExtractsController } from '../../src/extracts/extracts.controller.js';
import type { ExtractsService } from '../../src/extracts/extracts.service.js';
import { closing, courseFactory, cprFor, pre, screening, treatment, type CourseFactory } from '../support/fixtures.js';
import { findIdentifyingPatterns } from '../support/identifying-patterns.js';
import { makeExtract } from '../support/extracts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Monday 16 March 2026, midday in Denmark: the service's "today" throughout. */
const NOW = new Date('2026-03-16T11:00:00Z');
const TODAY = '2026-03-16';
const FROM = '2025-07-01';
const TO = TODAY;
const RECIPIENT = 'sst-evaluation-2026';
const OTHER_RECIPIENT = 'vive-followup-2026';
const KINDS = ['courses', 'contacts', 'aggregates'] as const;
const FORMATS = ['csv', 'csv-excel-da', 'jsonl'] as const;
type Kind = (typeof KINDS)[number];
type Format = (typeof FORMATS)[number];

/** The children of the fixture, by CPR (valid numbers, no modulus 11 needed). */
const ALMA = cprFor('2014-05-05', 'female'); // 11 at both her courses: 751 in September, 101 in January
const BENT = cprFor('2018-06-12', 'male'); // 7; first contact 2025-12-29, which is ISO 2026 week 1
const CARL = cprFor('2010-02-03', 'male'); // 16; Odense, pre-conversation booked but overdue
const GRY = cprFor('2016-08-22', 'female'); // 9; Odense, first contact six days ago: pending
const ERIK = cprFor('2012-11-11', 'male'); // only course entered in error
/** Eight more children in Aarhus, so that its figures are rounded rather than all `<5`. */
const BULK = Array.from({ length: 8 }, (_, i) => cprFor(`${2010 + i}-0${1 + i}-1${i}`, i % 2 ? 'male' : 'female'));
const KNOWN_CPRS = [ALMA, BENT, CARL, GRY, ERIK, ...BULK];

interface Manifest {
  id: string;
  recipient: string;
  parameters: { kind: Kind; format: Format; from: string; to: string; municipalities: string[] | null };
  referenceDate: string;
  schemaVersion: string;
  rowCount: number;
  byteCount: number;
  sha256: string;
  createdBy: string;
  createdAt: string;
  file: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** 13 courses with a CPR; their 36 contacts; 7 areas' compliance (2 targets × 17 measures) and flow (41 measures) blocks. */
// aggregates: the nation over the period, and every municipality and region in 2025H2 (the one half-year wholly
// inside it), each × (2 targets × 17 compliance figures + 41 flow figures), plus the indicators of 2025H2 (9
// breakdowns × 20). Below national level every municipality and region of the half-year's publication is
// listed (an area without first contacts reads `..`, not 0; one left out would say it had none): 98 + 5 + the nation.
const ROW_COUNTS: Record<Kind, number> = { courses: 13, contacts: 36, aggregates: (98 + 5 + 1) * (2 * 17 + 41) + (98 + 5 + 1) * 9 * 20 };

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type CourseRecord = Record<string, unknown> & {
  child_key: string;
  municipality_code: string;
  course_number: number;
  first_contact_year: number;
  first_contact_iso_week: number;
};

interface Extract {
  manifest: Manifest;
  bytes: Buffer;
}

/** Rows of an RFC 4180 file (quoted fields, doubled quotes, CRLF), header first. */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/** A file's records as objects of strings (CSV) or JSON values (JSONL). */
function recordsOf(extract: Extract): Record<string, unknown>[] {
  const { format } = extract.manifest.parameters;
  const text = extract.bytes.toString('utf8');
  if (format === 'jsonl')
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''), format === 'csv' ? ',' : ';');
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe('evaluation extracts (API)', () => {
  let sut: TestApp;
  let admin: string;
  let evaluator: string;
  let caseworker: string;
  let manager: string;
  const extracts = new Map<string, Extract>();
  const key = (kind: Kind, format: Format, recipient = RECIPIENT) => `${recipient}/${kind}/${format}`;
  const extract = (kind: Kind, format: Format, recipient = RECIPIENT) => extracts.get(key(kind, format, recipient))!;

  const download = (id: string, authorization = evaluator) =>
    sut.http
      .get(`/api/v1/extracts/${id}/file`)
      .set('Authorization', authorization)
      .buffer(true)
      .parse((res, cb) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => cb(null, Buffer.concat(parts)));
      });

  const createExtract = async (body: Record<string, unknown>): Promise<Extract> => {
    const manifest = await makeExtract(sut.http, evaluator, body);
    const file = await download(manifest.id).expect(200);
    return { manifest: manifest as unknown as Extract['manifest'], bytes: file.body as Buffer };
  };

  /** The whole fixture, through the API, in three municipalities. */
  async function buildFixture(aarhus: CourseFactory, copenhagen: CourseFactory, odense: CourseFactory) {
    // Aarhus's own targets, in force before any of the courses began.
    await sut.http
      .put('/api/v1/municipalities/751/service-targets')
      .set('Authorization', manager)
      .send({
        targets: [
          { name: 'treatment_start_21d', kind: 'treatment_start_after_screening', limitDays: 21, validFrom: '2025-01-01' },
          { name: 'session_gap_14d', kind: 'max_days_between_treatment_sessions', limitDays: 14, validFrom: '2025-01-01' },
        ],
      })
      .expect(200);

    // Alma's first course (the hand-checked one): Aarhus, Monday 1 September 2025, ISO week 36.
    const alma1 = await aarhus.newCourse({
      firstContact: '2025-09-01',
      time: '16:30',
      cpr: ALMA,
      clearlyInTargetGroup: true,
      focusAreas: ['sadness', 'worry'],
      contacts: [
        pre('2025-09-05'), // entered in error below: the pre-conversation on day 9 is the one that counts
        pre('2025-09-10', 'held', { mode: 'video', durationMinutes: 45 }),
        screening('2025-09-20', 'cancelled_by_family'),
        screening('2025-09-29'),
        treatment('2025-10-06', 'held', { delivery: 'individual', participants: 'carers_only' }),
        treatment('2025-10-13', 'no_show'),
        treatment('2025-10-20', 'cancelled_by_municipality'),
        treatment('2025-10-22', 'cancelled_by_family'),
        treatment('2025-10-27', 'held', { delivery: 'group', participants: 'child_present' }),
        closing('2025-11-10'),
      ],
      referrals: [
        { date: '2025-11-10', destination: 'civil_society', note: 'Spejderne i Aarhus, kontakt Mette 20 30 40 50' },
        { date: '2025-10-01', destination: 'gp' },
      ],
      consents: [{ date: '2025-09-29', givenBy: 'custodial_parent', scope: 'treatment' }],
    });
    const wrong = (alma1.body.contacts as { id: string; date: string; type: string }[]).find(
      (c) => c.type === 'pre_conversation' && c.date === '2025-09-05',
    )!;
    await aarhus.updateContact(alma1.id, wrong.id, { status: 'entered_in_error', enteredInErrorReason: 'Registreret på forkert barn' });
    await sut.http
      .post(`/api/v1/courses/${alma1.id}/close`)
      .set('Authorization', caseworker)
      .send({ date: '2025-11-10', reason: 'completed' })
      .expect(200);

    // Alma again, in Odense first by mistake (entered in error: not counted), then in København.
    await odense.newCourse({ municipality: '461', firstContact: '2025-08-04', cpr: ALMA, enteredInError: 'Forkert kommune' });
    await copenhagen.newCourse({
      municipality: '101',
      firstContact: '2026-01-05',
      channel: 'email',
      contactedBy: 'child',
      cpr: ALMA,
      clearlyInTargetGroup: true,
      focusAreas: ['worry'],
      contacts: [pre('2026-01-12'), screening('2026-01-26'), treatment('2026-02-09')],
    });

    // Bent: pre-conversation late (breached), no screening yet (overdue).
    await aarhus.newCourse({
      firstContact: '2025-12-29',
      channel: 'in_person',
      cpr: BENT,
      clearlyInTargetGroup: true,
      focusAreas: ['restlessness_inattention', 'behaviour'],
      contacts: [pre('2026-01-08', 'no_show'), pre('2026-01-20')],
    });

    // Odense: Carl overdue with a booking, Gry pending.
    await odense.newCourse({
      municipality: '461',
      firstContact: '2026-02-16',
      channel: 'digital',
      contactedBy: 'child',
      cpr: CARL,
      clearlyInTargetGroup: false,
      focusAreas: ['self_harm'],
      contacts: [pre('2026-03-20', 'planned')],
    });
    await odense.newCourse({ municipality: '461', firstContact: '2026-03-10', cpr: GRY, clearlyInTargetGroup: true });

    // Aarhus, no CPR yet: in the aggregates, never in a row extract.
    await aarhus.newCourse({
      firstContact: '2025-11-03',
      clearlyInTargetGroup: false,
      contacts: [pre('2025-11-10', 'held', { outcome: 'not_in_target_group' })],
      close: { date: '2025-11-10', reason: 'not_in_target_group' },
    });
    // Erik's only course, entered in error: nowhere.
    await aarhus.newCourse({ firstContact: '2025-10-01', cpr: ERIK, enteredInError: 'Dobbeltregistrering' });

    // Eight children seen within the 14 days; every other one not in the target group.
    for (const [i, cpr] of BULK.entries()) {
      const first = addDays('2025-10-06', 7 * i);
      const notInTarget = i % 2 === 0;
      await aarhus.newCourse({
        firstContact: first,
        cpr,
        clearlyInTargetGroup: false,
        focusAreas: ['worry'],
        contacts: [pre(addDays(first, 5), 'held', notInTarget ? { outcome: 'not_in_target_group' } : {})],
        ...(notInTarget
          ? {
              referrals: [{ date: addDays(first, 5), destination: 'home_municipality_offer' }],
              close: { date: addDays(first, 5), reason: 'not_in_target_group' },
            }
          : {}),
      });
    }
  }

  beforeAll(async () => {
    sut = await startTestApp({ now: NOW });
    admin = await sut.bearer({ sub: 'adm-1', roles: ['admin'], municipalities: [] });
    evaluator = await sut.bearer({ sub: 'ev-sst', roles: ['evaluator'], municipalities: [] });
    caseworker = await sut.bearer({ sub: 'cw-751', roles: ['caseworker'], municipalities: ['751'] });
    manager = await sut.bearer({ sub: 'mgr-751', roles: ['manager'], municipalities: ['751'] });
    const cw101 = await sut.bearer({ sub: 'cw-101', roles: ['caseworker'], municipalities: ['101'] });
    const cw461 = await sut.bearer({ sub: 'cw-461', roles: ['caseworker'], municipalities: ['461'] });
    await buildFixture(courseFactory(sut, caseworker), courseFactory(sut, cw101), courseFactory(sut, cw461));

    for (const [id, name] of [
      [RECIPIENT, 'Sundhedsstyrelsen, evaluering 2026'],
      [OTHER_RECIPIENT, 'VIVE, opfølgning'],
    ]) {
      await sut.http.post('/api/v1/extract-recipients').set('Authorization', admin).send({ id, name }).expect(201);
    }
    for (const kind of KINDS) {
      for (const format of FORMATS)
        extracts.set(key(kind, format), await createExtract({ recipient: RECIPIENT, from: FROM, to: TO, kind, format }));
    }
    extracts.set(
      key('courses', 'csv', OTHER_RECIPIENT),
      await createExtract({ recipient: OTHER_RECIPIENT, from: FROM, to: TO, kind: 'courses', format: 'csv' }),
    );
  });
  afterAll(() => sut?.close());

  describe('manifest and file', () => {
    it.each(KINDS.flatMap((kind) => FORMATS.map((format) => [kind, format] as const)))(
      '%s in %s: the manifest describes the file downloaded',
      async (kind, format) => {
        const { manifest, bytes } = extract(kind, format);
        expect(manifest).toEqual({
          id: expect.stringMatching(UUID),
          recipient: RECIPIENT,
          parameters: { kind, format, from: FROM, to: TO, municipalities: null },
          status: 'ready',
          progress: { rowsDone: ROW_COUNTS[kind], rowsExpected: ROW_COUNTS[kind] },
          error: null,
          referenceDate: TODAY,
          schemaVersion: EXTRACT_SCHEMA_VERSION,
          rowCount: ROW_COUNTS[kind],
          byteCount: bytes.length,
          sha256: sha256(bytes),
          createdBy: 'ev-sst',
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
          updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
          file: `/api/v1/extracts/${manifest.id}/file`,
        });
        const again = await sut.http.get(`/api/v1/extracts/${manifest.id}`).set('Authorization', evaluator).expect(200);
        expect(again.body).toEqual(manifest);
        expect(recordsOf(extract(kind, format))).toHaveLength(ROW_COUNTS[kind]);
      },
    );

    it('serves the file with its type, a file name without dates of people, its length and its digest', async () => {
      const { manifest, bytes } = extract('courses', 'csv-excel-da');
      const res = await download(manifest.id).expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="ltt-courses-${FROM}-${TO}-${manifest.id.slice(0, 8)}.csv"`);
      expect(res.headers['content-length']).toBe(String(bytes.length));
      expect(res.headers.etag).toBe(`"${manifest.sha256}"`);
      expect(res.headers.digest).toBe(`sha-256=${createHash('sha256').update(bytes).digest('base64')}`);
      expect(sha256(res.body as Buffer)).toBe(manifest.sha256);
      const jsonl = await download(extract('contacts', 'jsonl').manifest.id).expect(200);
      expect(jsonl.headers['content-type']).toBe('application/jsonl; charset=utf-8');
    });

    it('ends a download the client walks away from, instead of waiting for ever for it to drain', async () => {
      let served = 0;
      let finished = false;
      async function* chunks() {
        try {
          for (let i = 0; i < 100; i++) {
            served++;
            yield Buffer.alloc(1024 * 1024);
          }
        } finally {
          finished = true;
        }
      }
      const { manifest } = extract('courses', 'csv');
      const service = {
        open: async () => ({ manifest, contentType: 'text/csv', fileName: 'x.csv', chunks: chunks() }),
      } as unknown as ExtractsService;
      // A response whose socket buffer is full and whose client then hangs up: no 'drain', ever.
      const res = Object.assign(new EventEmitter(), {
        destroyed: false,
        ended: false,
        status: () => res,
        setHeader: () => res,
        write: () => {
          setImmediate(() => {
            res.destroyed = true;
            res.emit('close');
          });
          return false;
        },
        end: () => {
          res.ended = true;
        },
      });
      await new ExtractsController(service).file(manifest.id, res as unknown as Response);
      expect({ finished, ended: res.ended }).toEqual({ finished: true, ended: true });
      expect(served).toBeLessThanOrEqual(2); // the one written, at most one more read before the check
    });

    it('lists the latest manifests, newest first', async () => {
      const res = await sut.http.get('/api/v1/extracts').set('Authorization', evaluator).expect(200);
      const ids = (res.body.items as Manifest[]).map((m) => m.id);
      for (const e of extracts.values()) expect(ids).toContain(e.manifest.id);
      expect(res.body.items[0]).toEqual(extract('courses', 'csv', OTHER_RECIPIENT).manifest);
    });
  });

  describe('formats', () => {
    it.each(KINDS)('%s: every format starts with exactly the allow-listed columns, in order', (kind) => {
      const names = (kind === 'aggregates' ? AGGREGATE_COLUMNS : columnsFor(kind)).map((c) => c.name);
      const text = (format: Format) => extract(kind, format).bytes.toString('utf8');
      expect(text('csv').split('\r\n')[0]).toBe(names.join(','));
      expect(text('csv-excel-da').split('\r\n')[0]).toBe(`\uFEFF${names.join(';')}`);
      for (const line of text('jsonl').split('\n').filter(Boolean)) expect(Object.keys(JSON.parse(line))).toEqual(names);
    });

    it.each(KINDS)('%s: csv is RFC 4180 without a byte-order mark; csv-excel-da has the UTF-8 BOM, semicolons and CRLF', (kind) => {
      const csv = extract(kind, 'csv').bytes;
      const da = extract(kind, 'csv-excel-da').bytes;
      expect([...csv.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
      expect([...da.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      for (const bytes of [csv, da]) {
        const text = bytes.toString('utf8');
        expect(text.endsWith('\r\n')).toBe(true);
        expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      }
      // A comma only as a decimal mark.
      expect(da.toString('utf8').replace(/\d,\d/g, '')).not.toContain(',');
    });

    it('csv-excel-da writes decimal commas, csv decimal points', () => {
      const rate = (format: Format) =>
        recordsOf(extract('aggregates', format)).find(
          (r) => r.level === 'national' && r.target === 'pre_conversation_14d' && r.measure === 'rate',
        )!.value;
      expect(rate('csv')).toBe('0.846');
      expect(rate('csv-excel-da')).toBe('0,846');
      expect(rate('jsonl')).toBe(0.846);
      const values = recordsOf(extract('aggregates', 'csv-excel-da')).map((r) => r.value as string);
      expect(values.filter((v) => /^\d+,\d+$/.test(v)).length).toBeGreaterThan(10);
      expect(values.filter((v) => /\./.test(v) && v !== '..')).toEqual([]);
    });

    it.each(KINDS)('%s: jsonl is one JSON object per LF line, numbers and booleans typed, empty as null', (kind) => {
      const text = extract(kind, 'jsonl').bytes.toString('utf8');
      expect(text).not.toContain('\r');
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      if (kind === 'courses') {
        const row = JSON.parse(lines[0]);
        expect(typeof row.course_number).toBe('number');
        expect(typeof row.clearly_in_target_group).toBe('boolean');
        expect(JSON.parse(lines[1]).days_to_screening).toBeNull();
      }
    });

    it.each(KINDS)('%s: the three formats hold the same values', (kind) => {
      const plain = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      const csv = recordsOf(extract(kind, 'csv'));
      const da = recordsOf(extract(kind, 'csv-excel-da')).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, /^\d+,\d+$/.test(String(v)) ? String(v).replace(',', '.') : v])),
      );
      const jsonl = recordsOf(extract(kind, 'jsonl')).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
      expect(da).toEqual(csv);
      expect(jsonl).toEqual(csv);
    });
  });

  describe('rows', () => {
    const courses = () => recordsOf(extract('courses', 'jsonl')) as CourseRecord[];
    const contacts = () => recordsOf(extract('contacts', 'jsonl')) as Record<string, unknown>[];
    const almaKey = () => courses().find((r) => r.municipality_code === '101')!.child_key;

    it('holds the courses with a CPR, not the one without and not those entered in error', () => {
      expect(courses().map((r) => `${r.municipality_code}:${r.first_contact_year}-${r.first_contact_iso_week}`)).toEqual([
        '751:2025-36',
        ...BULK.map((_, i) => `751:2025-${41 + i}`),
        '751:2026-1',
        '101:2026-2',
        '461:2026-8',
        '461:2026-11',
      ]);
    });

    it('gives the hand-checked course its weeks, days, counts, codes and target states', () => {
      expect(courses()[0]).toEqual({
        child_key: almaKey(),
        course_number: 1,
        municipality_code: '751',
        region_code: '1082',
        first_contact_year: 2025,
        first_contact_iso_week: 36,
        age_years: 11,
        age_group: '10_13',
        sex: 'female',
        channel: 'phone',
        contacted_by: 'parent',
        clearly_in_target_group: true,
        focus_areas: 'worry|sadness',
        // Not 4: the pre-conversation on 5 September was entered in error.
        days_to_pre_conversation: 9,
        days_to_screening: 28,
        days_to_first_treatment: 35,
        days_to_closing_conversation: 70,
        days_to_closure: 70,
        pre_conversation_outcome: 'proceed_to_screening',
        screening_outcome: 'offer_treatment',
        delivery: 'individual|group',
        treatment_sessions_held: 2,
        treatment_sessions_cancelled_by_family: 1,
        treatment_sessions_cancelled_by_municipality: 1,
        treatment_no_shows: 1,
        referral_destinations: 'gp:30|civil_society:70',
        closure_reason: 'completed',
        target_pre_conversation_14d_state: 'met',
        target_screening_30d_state: 'met',
        // Screening 29 Sep → first session 6 Oct: 7 ≤ 21; sessions 6 Oct → 27 Oct: 21 > 14.
        municipal_target_states: 'treatment_start_after_screening_21d:met|max_days_between_treatment_sessions_14d:breached',
      });
    });

    it.each([
      [
        'a first contact on Monday 29 December 2025 is ISO 2026 week 1; the pre-conversation late, the screening overdue',
        '751',
        2026,
        1,
        {
          age_years: 7,
          age_group: '5_9',
          sex: 'male',
          focus_areas: 'behaviour|restlessness_inattention',
          days_to_pre_conversation: 22,
          days_to_screening: null,
          target_pre_conversation_14d_state: 'breached',
          target_screening_30d_state: 'overdue',
          municipal_target_states:
            'treatment_start_after_screening_21d:not_applicable|max_days_between_treatment_sessions_14d:not_applicable',
        },
      ],
      [
        'a second course in another municipality: course 2, and no municipal targets there',
        '101',
        2026,
        2,
        {
          course_number: 2,
          age_years: 11,
          channel: 'email',
          contacted_by: 'child',
          days_to_pre_conversation: 7,
          days_to_screening: 21,
          days_to_first_treatment: 35,
          days_to_closure: null,
          closure_reason: null,
          target_pre_conversation_14d_state: 'met',
          target_screening_30d_state: 'met',
          municipal_target_states: null,
        },
      ],
      [
        'a booked but not held pre-conversation past its deadline is overdue; not clearly in the target group, no screening target',
        '461',
        2026,
        8,
        {
          age_years: 16,
          age_group: '14_17',
          days_to_pre_conversation: null,
          target_pre_conversation_14d_state: 'overdue',
          target_screening_30d_state: 'not_applicable',
        },
      ],
      [
        'six days after first contact both clocks are pending',
        '461',
        2026,
        11,
        {
          age_years: 9,
          age_group: '5_9',
          sex: 'female',
          focus_areas: null,
          target_pre_conversation_14d_state: 'pending',
          target_screening_30d_state: 'pending',
        },
      ],
    ] as [string, string, number, number, Record<string, unknown>][])('%s', (_name, municipality, year, week, expected) => {
      const row = courses().find(
        (r) => r.municipality_code === municipality && r.first_contact_year === year && r.first_contact_iso_week === week,
      );
      expect(row).toMatchObject(expected);
    });

    it('numbers a child’s courses over every municipality, passing over a course entered in error', () => {
      const alma = courses().filter((r) => r.child_key === almaKey());
      expect(alma.map((r) => [r.municipality_code, r.course_number])).toEqual([
        ['751', 1],
        ['101', 2],
      ]);
      expect(
        courses()
          .filter((r) => r.child_key !== almaKey())
          .every((r) => r.course_number === 1),
      ).toBe(true);
    });

    it('gives the same child the same key within a recipient, and another key for another recipient', () => {
      const keys = courses().map((r) => r.child_key);
      expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
      expect(new Set(keys).size).toBe(keys.length - 1); // Alma twice
      expect(new Set(contacts().map((r) => r.child_key))).toEqual(new Set(keys));
      for (const format of FORMATS) expect(new Set(recordsOf(extract('courses', format)).map((r) => r.child_key))).toEqual(new Set(keys));

      const other = recordsOf(extract('courses', 'csv', OTHER_RECIPIENT));
      const mine = recordsOf(extract('courses', 'csv'));
      const otherKeys = new Set(other.map((r) => r.child_key));
      expect(otherKeys.size).toBe(new Set(keys).size);
      for (const k of keys) expect(otherKeys.has(k)).toBe(false);
      const withoutKey = (rows: Record<string, unknown>[]) => rows.map(({ child_key: _k, ...rest }) => rest);
      expect(withoutKey(other)).toEqual(withoutKey(mine));
      // Alma's two courses share a key for the other recipient too.
      expect(other[0].child_key).toBe(other.find((r) => r.municipality_code === '101')!.child_key);
    });

    it('lists a course’s contacts of every status as days since first contact, leaving out the one entered in error', () => {
      const alma = contacts().filter((r) => r.child_key === almaKey() && r.course_number === 1);
      expect(alma.map((r) => [r.contact_type, r.contact_status, r.days_since_first_contact])).toEqual([
        ['first_contact', 'held', 0],
        ['pre_conversation', 'held', 9],
        ['screening', 'cancelled_by_family', 19],
        ['screening', 'held', 28],
        ['treatment', 'held', 35],
        ['treatment', 'no_show', 42],
        ['treatment', 'cancelled_by_municipality', 49],
        ['treatment', 'cancelled_by_family', 51],
        ['treatment', 'held', 56],
        ['closing_conversation', 'held', 70],
      ]);
      expect(alma[1]).toMatchObject({ mode: 'video', duration_minutes: 45, outcome: 'proceed_to_screening', first_contact_iso_week: 36 });
      expect(alma[4]).toMatchObject({ participants: 'carers_only', delivery: 'individual' });
      expect(new Set(contacts().map((r) => r.contact_status))).toEqual(
        new Set(['held', 'cancelled_by_family', 'cancelled_by_municipality', 'no_show', 'planned']),
      );
      expect(contacts().find((r) => r.contact_status === 'planned')).toMatchObject({
        municipality_code: '461',
        contact_type: 'pre_conversation',
        days_since_first_contact: 32,
      });
    });

    it('keeps to the municipalities asked for', async () => {
      const only = await createExtract({
        recipient: RECIPIENT,
        from: FROM,
        to: TO,
        kind: 'courses',
        format: 'jsonl',
        municipalities: ['461', '101'],
      });
      expect(only.manifest.parameters.municipalities).toEqual(['101', '461']);
      expect(recordsOf(only).map((r) => r.municipality_code)).toEqual(['101', '461', '461']);
      // Alma's course in København is still her second: numbering looks at every municipality.
      expect(recordsOf(only)[0]).toMatchObject({ course_number: 2, child_key: almaKey() });
    });

    it('keeps to the first-contact dates asked for, both ends included', async () => {
      const week = await createExtract({ recipient: RECIPIENT, from: '2025-09-01', to: '2025-10-06', kind: 'courses', format: 'csv' });
      expect(recordsOf(week).map((r) => r.first_contact_iso_week)).toEqual(['36', '41']);
      const none = await createExtract({ recipient: RECIPIENT, from: '2024-01-01', to: '2024-12-31', kind: 'contacts', format: 'csv' });
      expect(none.manifest.rowCount).toBe(0);
      expect(none.bytes.toString('utf8')).toBe(
        `${columnsFor('contacts')
          .map((c) => c.name)
          .join(',')}\r\n`,
      );
    });
  });

  describe('nothing identifying', () => {
    it.each([...KINDS.flatMap((kind) => FORMATS.map((format) => [RECIPIENT, kind, format])), [OTHER_RECIPIENT, 'courses', 'csv']] as [
      string,
      Kind,
      Format,
    ][])('%s %s %s: no CPR, no date, no timestamp, no UUID, no free text', (recipient, kind, format) => {
      const text = extract(kind, format, recipient).bytes.toString('utf8');
      expect(findIdentifyingPatterns(text, KNOWN_CPRS)).toEqual([]);
      for (const birth of ['2014-05-05', '050514', '05-05-2014', '05.05.2014']) expect(text).not.toContain(birth);
      for (const free of [
        'Spejderne',
        'Mette',
        '20 30 40 50',
        'Cool Kids',
        'forkert',
        'Forkert',
        'Dobbeltregistrering',
        'treatment_start_21d',
        'session_gap_14d',
      ]) {
        expect(text).not.toContain(free);
      }
    });
  });

  describe('aggregates', () => {
    const rows = () => recordsOf(extract('aggregates', 'csv')) as Record<string, string>[];
    const block = (level: string, area: string, report: string, target = '') =>
      Object.fromEntries(
        rows()
          .filter((r) => r.level === level && r.area_code === area && r.report === report && r.target === target)
          .map((r) => [r.measure, r.value]),
      );
    const COUNT =
      /^(met|breached|overdue|pending|not_applicable|total|adjusted_(met|breached|overdue)|reached_.*|closed|closure_.*|referral_.*)$/;

    it('carries the monitoring indicators of 2025H2, the one half-year wholly inside the period', () => {
      const indicators = rows().filter((r) => r.report === 'indicators');
      // Only Aarhus had first contacts in 2025H2 (its 11 courses): Aarhus, its region and the nation,
      // 9 breakdowns (all, 5 age groups, 3 sexes) × 20 indicators, values only (no baseline set).
      // Every area of the publication: an area without first contacts reads `..` rather than 0.
      expect(new Set(indicators.map((r) => `${r.level}:${r.area_code}:${r.period}`)).size).toBe(98 + 5 + 1);
      expect(indicators.length).toBe((98 + 5 + 1) * 9 * 20);
      expect(indicators.find((r) => r.level === 'municipality' && r.area_code === '101' && r.measure === 'first_contacts')!.value).toBe(
        '..',
      );
      const nation = Object.fromEntries(
        indicators.filter((r) => r.level === 'national' && r.breakdown === 'all').map((r) => [r.measure, r.value]),
      );
      // The same 11 courses as the compliance block above: 10 met, 1 breached; exact at national level.
      expect(nation).toMatchObject({ first_contacts: '11', compliance_pre_conversation14d: '0.909', share_reaching_pre_conversation: '1' });
      const aarhus = Object.fromEntries(
        indicators
          .filter((r) => r.level === 'municipality' && r.area_code === '751' && r.breakdown === 'all')
          .map((r) => [r.measure, r.value]),
      );
      // 11 rounded to 10 below national level, or hidden where the publication needs a cover (Aarhus
      // had all the nation's first contacts of the half-year).
      expect(['10', '..']).toContain(aarhus.first_contacts);
    });

    it('has the nation over the whole period, and below it each half-year wholly inside it, national targets only', () => {
      // Below national level figures exist for whole half-years (docs/metrics.md, "Disclosure control
      // across outputs"): 2025H2, when only Aarhus had first contacts; every municipality and region
      // of the register is listed, those without courses reading `..` throughout.
      const compliance = rows().filter((r) => r.report !== 'indicators');
      expect(new Set(compliance.map((r) => `${r.level}:${r.area_code}:${r.period}`))).toEqual(
        new Set([
          ...MUNICIPALITIES_2026.map((m) => `municipality:${m.code}:2025H2`),
          ...[...new Set(MUNICIPALITIES_2026.map((m) => m.regionCode))].map((r) => `region:${r}:2025H2`),
          'national:dk:extract',
        ]),
      );
      const without = compliance.filter((r) => r.level === 'municipality' && r.area_code === '101');
      expect(without.length).toBe(2 * 17 + 41);
      expect(new Set(without.map((r) => r.value))).toEqual(new Set(['..']));
      expect(new Set(rows().map((r) => r.target))).toEqual(new Set(['pre_conversation_14d', 'screening_30d', '']));
    });

    it("gives below national level the half-year's publication: the figures the evaluator's reports give", async () => {
      const report = (
        await sut.http
          .get('/api/v1/reports/compliance?from=2025-07-01&to=2025-12-31&municipality=751')
          .set('Authorization', evaluator)
          .expect(200)
      ).body;
      const t1 = report.targets.find((t: { target: string }) => t.target === 'pre_conversation_14d').groups[0];
      const published = block('municipality', '751', 'compliance', 'pre_conversation_14d');
      const text = (v: unknown) => (v === null ? '' : String(v));
      expect([published.met, published.breached, published.overdue, published.pending, published.not_applicable]).toEqual(
        [t1.met, t1.breached, t1.overdue, t1.pending, t1.notApplicable].map(text),
      );
      // The true figures are 10 met and 1 breached: the lone late pre-conversation is never shown.
      expect(['<5', '..']).toContain(published.breached);
      const flow = (
        await sut.http.get('/api/v1/reports/flow?from=2025-07-01&to=2025-12-31&region=1082').set('Authorization', evaluator).expect(200)
      ).body.groups[0];
      expect(block('region', '1082', 'flow')).toMatchObject({
        reached_first_contact: text(flow.reached.firstContact),
        closed: text(flow.closed),
        closure_completed: text(flow.closureReasons.completed),
      });
    });

    it('publishes every count below national level as 0, <5, .. or a multiple of 5', () => {
      const counts = rows().filter((r) => r.level !== 'national' && COUNT.test(r.measure));
      expect(counts.length).toBeGreaterThan(40);
      expect(counts.filter((r) => !['<5', '..'].includes(r.value) && Number(r.value) % 5 !== 0)).toEqual([]);
    });

    it('publishes national figures exactly', () => {
      // 14 courses: 11 in Aarhus, 1 in København, 2 in Odense (the one without CPR counts, entered in error does not).
      expect(block('national', 'dk', 'compliance', 'pre_conversation_14d')).toMatchObject({
        met: '11',
        breached: '1',
        overdue: '1',
        pending: '1',
        not_applicable: '0',
        total: '14',
        rate: '0.846',
        completed_median: '5',
        open_median: '17',
      });
      expect(block('national', 'dk', 'compliance', 'screening_30d')).toMatchObject({
        met: '2',
        breached: '0',
        overdue: '1',
        pending: '1',
        not_applicable: '10',
        total: '14',
        rate: '0.667',
        // 28 and 21 days; adjusted, Alma's 9 family-caused days (20 → 29 September) come off: 19 and 21.
        completed_median: '24.5',
        adjusted_completed_median: '20',
      });
      expect(block('national', 'dk', 'flow')).toMatchObject({
        reached_first_contact: '14',
        reached_pre_conversation: '12',
        reached_screening: '2',
        reached_treatment: '2',
        reached_completed: '1',
        share_completed: '0.071',
        closed: '6',
        closure_completed: '1',
        closure_not_in_target_group: '5',
        referral_gp: '1',
        referral_civil_society: '1',
        referral_home_municipality_offer: '4',
        days_between_treatment_sessions_median: '21',
      });
      expect(rows().filter((r) => r.level === 'national' && ['<5', '..'].includes(r.value))).toEqual([]);
    });

    it('with municipalities asked for, has only their municipality rows', async () => {
      const only = await createExtract({
        recipient: RECIPIENT,
        from: FROM,
        to: TO,
        kind: 'aggregates',
        format: 'csv',
        municipalities: ['751'],
      });
      const got = recordsOf(only) as Record<string, string>[];
      expect(new Set(got.map((r) => `${r.level}:${r.area_code}`))).toEqual(new Set(['municipality:751']));
      expect(got).toEqual(rows().filter((r) => r.level === 'municipality' && r.area_code === '751'));
    });
  });

  describe('audit', () => {
    const auditOf = async (id: string) => {
      const res = await sut.http
        .get(`/api/v1/audit?resourceType=extract&resourceId=${id}&pageSize=500`)
        .set('Authorization', admin)
        .expect(200);
      return res.body.items as {
        action: string;
        actorSub: string;
        actorRole: string;
        resourceId: string;
        details: Record<string, unknown> | null;
      }[];
    };

    it('records the creation of every extract, with its parameters and row count, and every download', async () => {
      for (const { manifest } of extracts.values()) {
        const entries = await auditOf(manifest.id);
        const exports = entries.filter((e) => e.action === 'export');
        expect(exports).toEqual([
          expect.objectContaining({
            actorSub: 'ev-sst',
            actorRole: 'evaluator',
            resourceId: manifest.id,
            details: expect.objectContaining({
              recipient: manifest.recipient,
              kind: manifest.parameters.kind,
              format: manifest.parameters.format,
              rows: manifest.rowCount,
            }),
          }),
        ]);
        expect(entries.filter((e) => e.action === 'download').length).toBeGreaterThanOrEqual(1);
      }
    });

    it('records an aggregates extract as one export, not as reads of the indicators it contains', async () => {
      const before = await sut.http
        .get('/api/v1/audit?resourceType=monitoring_indicators&pageSize=500')
        .set('Authorization', admin)
        .expect(200);
      const made = await createExtract({ recipient: RECIPIENT, from: '2025-07-01', to: '2025-12-31', kind: 'aggregates', format: 'csv' });
      expect(recordsOf(made).some((r) => r.report === 'indicators')).toBe(true);
      expect((await auditOf(made.manifest.id)).filter((e) => e.action === 'export')).toHaveLength(1);
      const after = await sut.http
        .get('/api/v1/audit?resourceType=monitoring_indicators&pageSize=500')
        .set('Authorization', admin)
        .expect(200);
      expect(after.body.total).toBe(before.body.total);
    });

    it('records each download again', async () => {
      const { id } = extract('contacts', 'csv').manifest;
      const before = (await auditOf(id)).filter((e) => e.action === 'download').length;
      await download(id).expect(200);
      await download(id).expect(200);
      // The file is streamed from inside the request's transaction, which commits (audit record
      // included) just after the last byte has gone: look until both records are there.
      let after = await auditOf(id);
      for (let tries = 0; tries < 50 && after.filter((e) => e.action === 'download').length < before + 2; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = await auditOf(id);
      }
      expect(after.filter((e) => e.action === 'download')).toHaveLength(before + 2);
      expect(after.find((e) => e.action === 'download')).toMatchObject({ actorSub: 'ev-sst', details: { recipient: RECIPIENT } });
    });

    it('records the registration of a recipient', async () => {
      const res = await sut.http
        .get(`/api/v1/audit?resourceType=extract_recipient&resourceId=${RECIPIENT}`)
        .set('Authorization', admin)
        .expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ action: 'create', actorSub: 'adm-1', resourceId: RECIPIENT })]);
    });
  });

  describe('recipients', () => {
    it('lists recipients to administrators and evaluators, never their keys', async () => {
      for (const who of [admin, evaluator]) {
        const res = await sut.http.get('/api/v1/extract-recipients').set('Authorization', who).expect(200);
        expect(res.body.items).toEqual([
          { id: RECIPIENT, name: 'Sundhedsstyrelsen, evaluering 2026', pseudonymScheme: 'cpr_index', createdAt: expect.any(String) },
          { id: OTHER_RECIPIENT, name: 'VIVE, opfølgning', pseudonymScheme: 'cpr_index', createdAt: expect.any(String) },
        ]);
      }
      for (const who of [caseworker, manager]) await sut.http.get('/api/v1/extract-recipients').set('Authorization', who).expect(403);
    });

    it('lets only an administrator register a recipient', async () => {
      for (const who of [evaluator, caseworker, manager]) {
        await sut.http.post('/api/v1/extract-recipients').set('Authorization', who).send({ id: 'someone-else', name: 'X' }).expect(403);
      }
      await sut.http.post('/api/v1/extract-recipients').send({ id: 'someone-else', name: 'X' }).expect(401);
    });

    it('refuses a recipient id or name shaped like a CPR number (400 naming the field), and registers nothing', async () => {
      for (const body of [
        { id: '0505149996', name: 'Modtager' },
        { id: 'cpr-like-name', name: 'Modtager 050514-9996' },
      ]) {
        const res = await sut.http.post('/api/v1/extract-recipients').set('Authorization', admin).send(body).expect(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        const field = body.id === 'cpr-like-name' ? 'name' : 'id';
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code: 'cpr_shaped' })]));
        expect(JSON.stringify(res.body)).not.toMatch(/050514-?9996/);
      }
      const list = await sut.http.get('/api/v1/extract-recipients').set('Authorization', admin).expect(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain('cpr-like-name');
      expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain('0505149996');
    });

    it('refuses a second recipient with the same id: its key is never replaced (409)', async () => {
      const res = await sut.http
        .post('/api/v1/extract-recipients')
        .set('Authorization', admin)
        .send({ id: RECIPIENT, name: 'Again' })
        .expect(409);
      expect(res.body).toMatchObject({ status: 409, type: expect.stringContaining('recipient_exists') });
      const still = await createExtract({ recipient: RECIPIENT, from: FROM, to: TO, kind: 'courses', format: 'csv' });
      expect(still.bytes.equals(extract('courses', 'csv').bytes)).toBe(true);
    });

    it.each([
      [{ id: 'AB', name: 'x' }, 'id'],
      [{ id: 'has space', name: 'x' }, 'id'],
      [{ id: 'fine-id', name: '' }, 'name'],
      [{ id: 'fine-id' }, 'name'],
      [{ id: 'fine-id', name: 'x', key: 'my-own-key' }, 'key'],
    ])('refuses recipient %j naming the field %p (400)', async (body, field) => {
      const res = await sut.http.post('/api/v1/extract-recipients').set('Authorization', admin).send(body).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('command line (src/bin/extract.ts)', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'ltt-extract-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));
    const args = (more: string[]) => ['--recipient', RECIPIENT, '--from', FROM, '--to', TO, ...more];

    it('writes the same file as the API, with its manifest, audited as a system evaluator', async () => {
      const out = join(dir, 'courses.csv');
      const rows: number[] = [];
      const written: number[] = [];
      const manifest = await runExtract(sut.app, parseExtractArgs(args(['--kind', 'courses', '--out', out])), 'cli:tester', {
        rows: (n) => rows.push(n),
        bytes: (n) => written.push(n),
      });
      const bytes = await readFile(out);
      expect(bytes.equals(extract('courses', 'csv').bytes)).toBe(true);
      expect(manifest).toMatchObject({
        recipient: RECIPIENT,
        createdBy: 'cli:tester',
        rowCount: 13,
        byteCount: bytes.length,
        sha256: sha256(bytes),
      });
      expect(manifest.parameters).toEqual({ kind: 'courses', format: 'csv', from: FROM, to: TO, municipalities: null });
      expect(rows.at(-1)).toBe(13);
      expect(written.at(-1)).toBe(bytes.length);
      const audit = await sut.http
        .get(`/api/v1/audit?resourceType=extract&resourceId=${manifest.id}`)
        .set('Authorization', admin)
        .expect(200);
      expect(
        audit.body.items
          .map((e: { action: string; actorSub: string; actorRole: string }) => `${e.action}:${e.actorSub}:${e.actorRole}`)
          .sort(),
      ).toEqual([
        'create:cli:tester:evaluator',
        'download:cli:tester:evaluator',
        'export:cli:tester:evaluator',
        'update:cli:tester:evaluator', // running
      ]);
      expect(await readdir(dir)).toEqual(['courses.csv']);
    });

    it('takes a format and a list of municipalities', async () => {
      const out = join(dir, 'odense.jsonl');
      const manifest = await runExtract(
        sut.app,
        parseExtractArgs(args(['--kind', 'contacts', '--format', 'jsonl', '--municipalities', '461, 101', '--out', out])),
        'cli:tester',
      );
      expect(manifest.parameters).toMatchObject({ format: 'jsonl', municipalities: ['101', '461'] });
      const lines = (await readFile(out, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.municipality_code)).toEqual(['101', '101', '101', '101', '461', '461', '461']);
    });

    it.each([
      [['--kind', 'children'], 'kind'],
      [['--kind', 'courses', '--format', 'xlsx'], 'format'],
      [['--kind', 'courses', '--municipalities', '7510'], 'municipalities'],
    ])('refuses %j as the API does, naming the option, and writes nothing', async (more, field) => {
      const out = join(dir, 'refused.csv');
      const error = await runExtract(sut.app, parseExtractArgs(args([...more, '--out', out])), 'cli:tester').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExtractCliError);
      expect((error as ExtractCliError).errors.map((e) => e.field)).toContain(field);
      expect((error as Error).message).toContain(`--${field}`);
      expect(await readdir(dir)).not.toContain('refused.csv');
    });

    it.each([
      [['--recipient', 'nobody-registered', '--from', FROM, '--to', TO], 'unknown_recipient', 422],
      [['--recipient', RECIPIENT, '--from', TO, '--to', FROM], 'invalid_input', 400],
    ])('refuses %j with the domain error the API gives', async (given, code, status) => {
      const error = await runExtract(
        sut.app,
        parseExtractArgs([...given, '--kind', 'courses', '--out', join(dir, 'x.csv')]),
        'cli:tester',
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code, status });
    });

    it.each([
      [['--from', FROM, '--to', TO, '--kind', 'courses', '--out', 'x'], '--recipient'],
      [['--recipient', RECIPIENT, '--from', FROM, '--to', TO, '--kind', 'courses'], '--out'],
      [['--recipient', RECIPIENT, '--from', FROM, '--to', TO, '--kind', 'courses', '--out', 'x', '--cpr', '0505144012'], 'cpr'],
    ])('refuses the command line %j, naming %p', (argv, named) => {
      expect(() => parseExtractArgs(argv)).toThrow(ExtractCliError);
      expect(() => parseExtractArgs(argv)).toThrow(named);
    });
  });

  describe('refusals', () => {
    const valid = { recipient: RECIPIENT, from: FROM, to: TO, kind: 'courses', format: 'csv' };

    it('refuses an unknown recipient (422, naming recipient)', async () => {
      const res = await sut.http
        .post('/api/v1/extracts')
        .set('Authorization', evaluator)
        .send({ ...valid, recipient: 'nobody-registered' })
        .expect(422);
      expect(res.body).toMatchObject({ status: 422, errors: [{ field: 'recipient', code: 'unknown_recipient' }] });
    });

    it('refuses from after to (400, naming to)', async () => {
      const res = await sut.http
        .post('/api/v1/extracts')
        .set('Authorization', evaluator)
        .send({ ...valid, from: '2026-01-02', to: '2026-01-01' })
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'to', code: 'after_from' })]);
    });

    it.each([
      [{ kind: 'children' }, 'kind'],
      [{ format: 'xlsx' }, 'format'],
      [{ from: '2025-02-29' }, 'from'],
      [{ to: '31-12-2025' }, 'to'],
      [{ recipient: 'X' }, 'recipient'],
      [{ municipalities: ['7510'] }, 'municipalities'],
      [{ municipalities: '751' }, 'municipalities'],
      [{ municipalities: ['751', '751'] }, 'municipalities'],
      [{ cpr: '0505144012' }, 'cpr'],
      [{ kind: undefined }, 'kind'],
    ] as [Record<string, unknown>, string][])('refuses %j naming the field %p (400)', async (change, field) => {
      const res = await sut.http
        .post('/api/v1/extracts')
        .set('Authorization', evaluator)
        .send({ ...valid, ...change })
        .expect(400);
      expect(res.body.type).toMatch(/validation$/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(JSON.stringify(res.body)).not.toContain('0505144012');
    });

    it.each([
      ['a caseworker', 'cw-751', ['caseworker'], ['751']],
      ['a manager', 'mgr-751', ['manager'], ['751']],
      ['an administrator', 'adm-1', ['admin'], []],
    ])('refuses %s every extract route (403)', async (_who, sub, roles, municipalities) => {
      const who = await sut.bearer({ sub, roles, municipalities });
      const { id } = extract('courses', 'csv').manifest;
      await sut.http.post('/api/v1/extracts').set('Authorization', who).send(valid).expect(403);
      await sut.http.get('/api/v1/extracts').set('Authorization', who).expect(403);
      await sut.http.get(`/api/v1/extracts/${id}`).set('Authorization', who).expect(403);
      await sut.http.post(`/api/v1/extracts/${id}/cancel`).set('Authorization', who).expect(403);
      await download(id, who).expect(403);
    });

    it('refuses a caller without a token (401)', async () => {
      await sut.http.post('/api/v1/extracts').send(valid).expect(401);
      await sut.http.get(`/api/v1/extracts/${extract('courses', 'csv').manifest.id}/file`).expect(401);
    });

    it('answers 404 for an extract that does not exist, and 400 for an id that is not one', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await sut.http.get(`/api/v1/extracts/${unknown}`).set('Authorization', evaluator).expect(404);
      await download(unknown).expect(404);
      await sut.http.get('/api/v1/extracts/not-a-uuid').set('Authorization', evaluator).expect(400);
    });
  });
});
