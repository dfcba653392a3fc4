import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DICTIONARY_PATH, renderDictionary } from '../../src/bin/extract-dictionary.js';
import {
  codeListValue,
  columnsFor,
  EXTRACT_COLUMNS,
  EXTRACT_KINDS,
  EXTRACT_SCHEMA_VERSION,
  type ExtractKind,
  municipalTargetStatesValue,
  referralDestinationsValue,
} from '../../src/extracts/extract-columns.js';
import { createRowFormatter, EXTRACT_FORMATS, type ExtractRow } from '../../src/extracts/formats.js';
import { pseudonymousChildKey } from '../../src/extracts/pseudonym.js';
import { DELIVERIES, FOCUS_AREAS } from '../../src/kernel/course.model.js';
import { NATIONAL_TARGETS } from '../../src/service-targets/target-definitions.js';
import { findIdentifyingPatterns } from '../support/identifying-patterns.js';

const names = (kind: ExtractKind) => columnsFor(kind).map((c) => c.name);

describe('the extract allow-list', () => {
  it('has exactly these course columns, in this order', () => {
    expect(names('courses')).toEqual([
      'child_key',
      'course_number',
      'municipality_code',
      'region_code',
      'first_contact_year',
      'first_contact_iso_week',
      'age_years',
      'age_group',
      'sex',
      'channel',
      'contacted_by',
      'clearly_in_target_group',
      'focus_areas',
      'days_to_pre_conversation',
      'days_to_screening',
      'days_to_first_treatment',
      'days_to_closing_conversation',
      'days_to_closure',
      'pre_conversation_outcome',
      'screening_outcome',
      'delivery',
      'treatment_sessions_held',
      'treatment_sessions_cancelled_by_family',
      'treatment_sessions_cancelled_by_municipality',
      'treatment_no_shows',
      'referral_destinations',
      'closure_reason',
      'target_pre_conversation_14d_state',
      'target_screening_30d_state',
      'municipal_target_states',
    ]);
  });

  it('has exactly these contact columns, in this order', () => {
    expect(names('contacts')).toEqual([
      'child_key',
      'course_number',
      'municipality_code',
      'region_code',
      'first_contact_year',
      'first_contact_iso_week',
      'contact_type',
      'contact_status',
      'days_since_first_contact',
      'participants',
      'delivery',
      'mode',
      'duration_minutes',
      'outcome',
    ]);
  });

  it('has one state column per national target', () => {
    for (const target of NATIONAL_TARGETS) expect(names('courses')).toContain(`target_${target.name}_state`);
  });

  it.each(EXTRACT_KINDS)('names each %s column once, in snake_case', (kind) => {
    expect(new Set(names(kind)).size).toBe(names(kind).length);
    for (const name of names(kind)) expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  it.each(EXTRACT_COLUMNS.map((c) => [c.name, c.kinds.join('+'), c] as const))(
    '%s (%s) states its meaning and source rule',
    (_name, _kinds, column) => {
      expect(column.meaning.length).toBeGreaterThan(10);
      expect(column.source.length).toBeGreaterThan(5);
      expect(column.kinds.length).toBeGreaterThan(0);
    },
  );

  it('has no column named for a CPR, name, birth date, exact date, time, address, free text or internal id', () => {
    const forbidden = /cpr|name|birth|(^|_)date($|_)|time|address|note|text|comment|programme|(^|_)id$|uuid/;
    expect(EXTRACT_COLUMNS.map((c) => c.name).filter((name) => forbidden.test(name))).toEqual([]);
  });

  it('has one free-form string column, the pseudonymous child key; every other value is a number, a boolean or a code', () => {
    expect(EXTRACT_COLUMNS.filter((c) => c.type === 'string').map((c) => c.name)).toEqual(['child_key']);
  });

  it('gives every single-code column its list of codes', () => {
    const withoutList = EXTRACT_COLUMNS.filter((c) => c.type === 'code' && !c.values).map((c) => c.name);
    expect(withoutList).toEqual(['municipality_code']);
  });

  it('writes the age groups with underscores, which Danish Excel does not read as dates (5-9 would open as 5 September)', () => {
    expect(EXTRACT_COLUMNS.find((c) => c.name === 'age_group')?.values).toEqual(['5_9', '10_13', '14_17', 'outside_range']);
  });

  it('has a schema version of the form major.minor', () => {
    expect(EXTRACT_SCHEMA_VERSION).toMatch(/^\d+\.\d+$/);
  });
});

describe('code-list values', () => {
  it.each([
    [[], ''],
    [[{ destination: 'gp', days: 12 }], 'gp:12'],
    [
      [
        { destination: 'civil_society', days: 40 },
        { destination: 'gp', days: 12 },
      ],
      'gp:12|civil_society:40',
    ],
    [
      [
        { destination: 'other', days: 5 },
        { destination: 'gp', days: 5 },
        { destination: 'gp', days: 30 },
      ],
      'gp:5|other:5|gp:30',
    ],
  ] as const)('referrals %j are written %p', (referrals, expected) => {
    expect(referralDestinationsValue(referrals)).toBe(expected);
  });

  it.each([
    [[], ''],
    [
      [
        { kind: 'max_days_between_treatment_sessions', limitDays: 14, state: 'breached' },
        { kind: 'treatment_start_after_screening', limitDays: 21, state: 'met' },
      ],
      'treatment_start_after_screening_21d:met|max_days_between_treatment_sessions_14d:breached',
    ],
  ] as const)('municipal target states %j are written %p, named by kind and limit', (results, expected) => {
    expect(municipalTargetStatesValue(results)).toBe(expected);
  });

  it.each([
    [['sadness', 'worry'], FOCUS_AREAS, 'worry|sadness'],
    [['group', 'individual', 'group'], DELIVERIES, 'individual|group'],
    [[], FOCUS_AREAS, ''],
  ] as [string[], readonly string[], string][])('codes %j are written in code-list order as %p', (codes, order, expected) => {
    expect(codeListValue(codes, order)).toBe(expected);
  });
});

describe('docs/extract-dictionary.md', () => {
  it('is what src/bin/extract-dictionary.ts generates (run it after changing the allow-list)', async () => {
    expect(await readFile(DICTIONARY_PATH, 'utf8')).toBe(renderDictionary());
  });

  it('names the schema version and every column of every kind', () => {
    const text = renderDictionary();
    expect(text).toContain(`Schema version **${EXTRACT_SCHEMA_VERSION}**`);
    for (const kind of EXTRACT_KINDS) {
      const section = text.slice(text.indexOf(`## Kind \`${kind}\``));
      for (const name of names(kind)) expect(section).toContain(`| \`${name}\` |`);
    }
  });
});

describe('findIdentifyingPatterns', () => {
  const known = ['0505141234', '2412091238'];

  it.each([
    ['a known CPR', 'x,0505141234,y', 'known_cpr: 0505141234'],
    ['a known CPR with a hyphen', 'x;050514-1234;y', 'known_cpr: 050514-1234'],
    ['a known CPR inside a longer token', 'abc2412091238def', 'known_cpr: 2412091238'],
    ['an unknown CPR-like number', 'child 1103151234 here', 'cpr_like: 1103151234'],
    ['an unknown CPR-like number with a hyphen', '"110315-1234"', 'cpr_like: 110315-1234'],
    ['an ISO date', 'closed 2025-11-08', 'date: 2025-11-08'],
    ['a Danish date with hyphens', 'født 05-05-2014', 'date: 05-05-2014'],
    ['a Danish date with dots', 'den 14.05.2025', 'date: 14.05.2025'],
    ['a date with slashes', 'on 14/05/2025,', 'date: 14/05/2025'],
    ['an ISO timestamp', '{"at":"2025-05-14T09:30:00Z"}', 'timestamp: 2025-05-14T09:30:00Z'],
    ['a timestamp with an offset', '2025-05-14 09:30:00+02:00', 'timestamp: 2025-05-14 09:30:00+02:00'],
    ['a UUID', 'course 3f2c1a9e-8b7d-4c6e-9f01-23456789abcd', 'uuid: 3f2c1a9e-8b7d-4c6e-9f01-23456789abcd'],
  ])('finds %s', (_name, text, finding) => {
    expect(findIdentifyingPatterns(text, known)).toContain(finding);
  });

  it.each([
    ['codes and day counts', '101,1084,2025,20,11,10-13,female,gp:12|civil_society:40,<5,..'],
    ['year and week', '2026;1;5-9'],
    ['a 64-character hex key with a run of ten digits inside', 'a1234567890b1234567890c1234567890d1234567890e1234567890f123456789'],
    ['a month that does not exist', '2025-13-01 and 32.01.2025'],
    ['a long number that is not ten digits', '12345678901'],
  ])('finds nothing in %s', (_name, text) => {
    expect(findIdentifyingPatterns(text, known)).toEqual([]);
  });

  it('finds nothing in the child keys of 500 children', () => {
    const key = Buffer.alloc(32, 7);
    const keys = Array.from({ length: 500 }, (_, i) => pseudonymousChildKey(`0101${String(i).padStart(6, '0')}`, key));
    expect(findIdentifyingPatterns(keys.join('\n'), [])).toEqual([]);
  });
});

describe('an extract written from the allow-list', () => {
  const recipientKey = Buffer.alloc(32, 'r');
  const cpr = '0505141234';
  const course: ExtractRow = {
    child_key: pseudonymousChildKey(cpr, recipientKey),
    course_number: 1,
    municipality_code: '751',
    region_code: '1082',
    first_contact_year: 2025,
    first_contact_iso_week: 20,
    age_years: 11,
    age_group: '10_13',
    sex: 'female',
    channel: 'phone',
    contacted_by: 'parent',
    clearly_in_target_group: false,
    focus_areas: codeListValue(['worry', 'body_and_food'], FOCUS_AREAS),
    days_to_pre_conversation: 19,
    days_to_screening: 40,
    days_to_first_treatment: 54,
    days_to_closing_conversation: 176,
    days_to_closure: 178,
    pre_conversation_outcome: 'proceed_to_screening',
    screening_outcome: 'offer_treatment',
    delivery: 'individual',
    treatment_sessions_held: 4,
    treatment_sessions_cancelled_by_family: 0,
    treatment_sessions_cancelled_by_municipality: 0,
    treatment_no_shows: 0,
    referral_destinations: referralDestinationsValue([{ destination: 'civil_society', days: 54 }]),
    closure_reason: 'completed',
    target_pre_conversation_14d_state: 'breached',
    target_screening_30d_state: 'not_applicable',
    municipal_target_states: municipalTargetStatesValue([{ kind: 'treatment_start_after_screening', limitDays: 21, state: 'met' }]),
    // What a careless query might bring along: none of it is a column, so none of it is written.
    cpr,
    id: '3f2c1a9e-8b7d-4c6e-9f01-23456789abcd',
    first_contact_date: '2025-05-14',
    programme: 'Cool Kids',
  };

  it.each(EXTRACT_FORMATS)('in %s holds nothing identifying', async (format) => {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        callback();
      },
    });
    await pipeline(Readable.from([course]), createRowFormatter(format, columnsFor('courses')), sink);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toContain('treatment_start_after_screening_21d:met');
    expect(findIdentifyingPatterns(text, [cpr])).toEqual([]);
    expect(text).not.toContain('Cool Kids');
  });
});
