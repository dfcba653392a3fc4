import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { columnsFor, type ExtractKind } from '../../src/extracts/extract-columns.js';
import { type RawExtractRow, toExtractRow } from '../../src/extracts/extract-rows.js';
import { createRowFormatter } from '../../src/extracts/formats.js';

const CHILD_KEY = 'a'.repeat(64);

/** A row as the courses extract SQL gives it. */
function rawCourse(over: Partial<RawExtractRow> = {}): RawExtractRow {
  return {
    cpr_ciphertext: Buffer.from('sealed-cpr-bytes'),
    cpr_key_id: 'k1',
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
    focus_areas: [],
    days_to_pre_conversation: 9,
    days_to_screening: null,
    days_to_first_treatment: null,
    days_to_closing_conversation: null,
    days_to_closure: null,
    pre_conversation_outcome: 'proceed_to_screening',
    screening_outcome: null,
    delivery: [],
    treatment_sessions_held: 0,
    treatment_sessions_cancelled_by_family: 0,
    treatment_sessions_cancelled_by_municipality: 0,
    treatment_no_shows: 0,
    referrals: [],
    closure_reason: null,
    national_states: { pre_conversation_14d: 'met', screening_30d: 'pending' },
    municipal_states: null,
    ...over,
  };
}

/** A row as the contacts extract SQL gives it. */
function rawContact(over: Partial<RawExtractRow> = {}): RawExtractRow {
  return {
    cpr_ciphertext: Buffer.from('sealed-cpr-bytes'),
    cpr_key_id: 'k1',
    course_number: 2,
    municipality_code: '101',
    region_code: '1084',
    first_contact_year: 2026,
    first_contact_iso_week: 2,
    contact_type: 'treatment',
    contact_status: 'held',
    days_since_first_contact: 30,
    participants: 'child_present',
    delivery: 'group',
    mode: 'in_person',
    duration_minutes: 60,
    outcome: null,
    ...over,
  };
}

describe(toExtractRow.name, () => {
  it.each([
    ['courses', rawCourse()],
    ['contacts', rawContact()],
  ] as [ExtractKind, RawExtractRow][])('removes the sealed CPR and its key id from a %s row and puts the child key first', (kind, raw) => {
    const row = toExtractRow(kind, raw, CHILD_KEY);
    expect(row).not.toHaveProperty('cpr_ciphertext');
    expect(row).not.toHaveProperty('cpr_key_id');
    expect(Object.keys(row)[0]).toBe('child_key');
    expect(row.child_key).toBe(CHILD_KEY);
  });

  it.each([
    ['courses', rawCourse()],
    ['contacts', rawContact()],
  ] as [ExtractKind, RawExtractRow][])('gives a %s row every column of its kind', (kind, raw) => {
    const row = toExtractRow(kind, raw, CHILD_KEY);
    for (const column of columnsFor(kind)) expect([column.name, column.name in row]).toEqual([column.name, true]);
  });

  it('passes a contacts row through unchanged apart from the key', () => {
    const { cpr_ciphertext: _c, cpr_key_id: _k, ...rest } = rawContact();
    expect(toExtractRow('contacts', rawContact(), CHILD_KEY)).toEqual({ child_key: CHILD_KEY, ...rest });
  });

  it('does not give a contacts row the course-only list columns', () => {
    const row = toExtractRow('contacts', rawContact(), CHILD_KEY);
    for (const name of ['focus_areas', 'referral_destinations', 'municipal_target_states', 'target_pre_conversation_14d_state']) {
      expect(row).not.toHaveProperty(name);
    }
  });

  it.each([
    [[], ''],
    [['sadness', 'worry'], 'worry|sadness'],
    [['other', 'self_harm', 'behaviour'], 'behaviour|self_harm|other'],
    [undefined, ''],
  ] as [RawExtractRow['focus_areas'], string][])('writes focus areas %j in code-list order as %p', (focusAreas, expected) => {
    expect(toExtractRow('courses', rawCourse({ focus_areas: focusAreas }), CHILD_KEY).focus_areas).toBe(expected);
  });

  it.each([
    [[], ''],
    [
      [
        { destination: 'civil_society', days: 70 },
        { destination: 'gp', days: 30 },
      ],
      'gp:30|civil_society:70',
    ],
    [
      [
        { destination: 'other', days: 12 },
        { destination: 'gp', days: 12 },
      ],
      'gp:12|other:12',
    ],
    [undefined, ''],
  ] as [RawExtractRow['referrals'], string][])('writes referrals %j by days, then code-list order, as %p', (referrals, expected) => {
    expect(toExtractRow('courses', rawCourse({ referrals }), CHILD_KEY).referral_destinations).toBe(expected);
  });

  it.each([
    [{ pre_conversation_14d: 'breached', screening_30d: 'overdue' }, 'breached', 'overdue'],
    [{ pre_conversation_14d: 'met' }, 'met', null],
    [null, null, null],
    [undefined, null, null],
  ] as [RawExtractRow['national_states'], string | null, string | null][])(
    'turns national states %j into one column per national target',
    (states, first, second) => {
      const row = toExtractRow('courses', rawCourse({ national_states: states }), CHILD_KEY);
      expect(row.target_pre_conversation_14d_state).toBe(first);
      expect(row.target_screening_30d_state).toBe(second);
      expect(row).not.toHaveProperty('national_states');
    },
  );

  it.each([
    [null, ''],
    [
      [
        { kind: 'max_days_between_treatment_sessions', limitDays: 14, state: 'breached' },
        { kind: 'treatment_start_after_screening', limitDays: 28, state: 'met' },
        { kind: 'treatment_start_after_screening', limitDays: 21, state: 'met' },
      ],
      'treatment_start_after_screening_21d:met|treatment_start_after_screening_28d:met|max_days_between_treatment_sessions_14d:breached',
    ],
  ] as [RawExtractRow['municipal_states'], string][])('writes municipal target states %j by kind and limit as %p', (states, expected) => {
    const row = toExtractRow('courses', rawCourse({ municipal_states: states }), CHILD_KEY);
    expect(row.municipal_target_states).toBe(expected);
    expect(row).not.toHaveProperty('municipal_states');
  });

  it('gives the same row whatever order the lists were read in', () => {
    const a = rawCourse({
      focus_areas: ['sadness', 'worry'],
      referrals: [
        { destination: 'gp', days: 30 },
        { destination: 'civil_society', days: 70 },
      ],
    });
    const b = rawCourse({
      focus_areas: ['worry', 'sadness'],
      referrals: [
        { destination: 'civil_society', days: 70 },
        { destination: 'gp', days: 30 },
      ],
    });
    expect(toExtractRow('courses', a, CHILD_KEY)).toEqual(toExtractRow('courses', b, CHILD_KEY));
  });

  it('writes a courses row through the allow-list formatter without the sealed CPR', async () => {
    const raw = rawCourse({ cpr_ciphertext: Buffer.from('SEALED-0505141234'), focus_areas: ['worry'] });
    const parts: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        parts.push(chunk.toString('utf8'));
        callback();
      },
    });
    await pipeline(Readable.from([toExtractRow('courses', raw, CHILD_KEY)]), createRowFormatter('jsonl', columnsFor('courses')), sink);
    const line = JSON.parse(parts.join(''));
    expect(Object.keys(line)).toEqual(columnsFor('courses').map((c) => c.name));
    expect(parts.join('')).not.toContain('SEALED');
    expect(line).toMatchObject({
      child_key: CHILD_KEY,
      focus_areas: 'worry',
      target_pre_conversation_14d_state: 'met',
      municipal_target_states: null,
    });
  });
});
