import { readFileSync } from 'node:fs';
import type { CodeSystem, CodeSystemConcept, Coding } from '@medplum/fhirtypes';
import { CONTACT_TYPES, DELIVERIES, FOCUS_AREAS, PARTICIPANTS, REFERRAL_DESTINATIONS } from '../../src/kernel/course.model.js';
import {
  COURSE_CODE,
  DELIVERY_TYPE,
  ENCOUNTER_KIND_OF_CONTACT,
  ENCOUNTER_TYPE,
  FOCUS_AREA,
  PARTICIPANT_TYPE,
  REFERRAL_DESTINATION,
} from '../../src/kl-reporting/kl-codes.js';
import { klConformance } from '../../src/kl-reporting/validation/kl-validation.js';

const codeSystem = (name: string): CodeSystem =>
  JSON.parse(readFileSync(new URL(`../../src/kl-reporting/profiles/CodeSystem-${name}.json`, import.meta.url), 'utf8'));
const displays = new Map<string, string>();
for (const cs of [codeSystem('LTT'), codeSystem('CareSocialCodes')]) {
  const walk = (concepts: CodeSystemConcept[]) =>
    concepts.forEach((c) => {
      displays.set(`${cs.url}|${c.code}`, c.display!);
      walk(c.concept ?? []);
    });
  walk(cs.concept ?? []);
}

const valueSet = (name: string) => klConformance().validator.expand(`http://fhir.kl.dk/ltt/ValueSet/${name}`)!;

describe('KL’s codes (kl-codes.ts)', () => {
  const groups: [string, Record<string, Coding>, string][] = [
    ['encounter types', ENCOUNTER_TYPE, 'fkgateway-ltt-encounter-types'],
    ['focus areas', FOCUS_AREA, 'fkgateway-ltt-focus-area'],
    ['referral destinations', REFERRAL_DESTINATION, 'fkgateway-ltt-type-of-referral'],
    ['delivery types', DELIVERY_TYPE, 'fkgateway-ltt-type-of-delivery'],
    ['participants', PARTICIPANT_TYPE, 'fkgateway-ltt-type-of-participants'],
    ['the course code', { course: COURSE_CODE }, 'fkgateway-ltt-care-plan-activity-types'],
  ];

  it.each(groups)('%s: every code has exactly its code system’s display and is in the value set the profile binds', (_name, codes, vs) => {
    const expansion = valueSet(vs);
    for (const coding of Object.values(codes)) {
      expect(displays.get(`${coding.system}|${coding.code}`)).toBe(coding.display);
      expect(expansion.has(`${coding.system}|${coding.code}`)).toBe(true);
    }
    // One code per value of the course vocabulary, and every code of the value set used.
    expect(new Set(Object.values(codes).map((c) => c.code)).size).toBe(Object.keys(codes).length);
    expect([...expansion].filter((c) => !c.startsWith('*|'))).toHaveLength(Object.keys(codes).length);
  });

  it.each<[string, readonly string[], Record<string, Coding>]>([
    ['focus area', FOCUS_AREAS, FOCUS_AREA],
    ['referral destination', REFERRAL_DESTINATIONS, REFERRAL_DESTINATION],
    ['delivery', DELIVERIES, DELIVERY_TYPE],
    ['participants', PARTICIPANTS, PARTICIPANT_TYPE],
  ])('maps every %s the product records', (_name, vocabulary, codes) => {
    expect(Object.keys(codes).sort()).toEqual([...vocabulary].sort());
  });

  it.each(CONTACT_TYPES.map((t) => [t, ENCOUNTER_KIND_OF_CONTACT[t]] as const))('contact type %s is reported as %s', (type, kind) => {
    const expected = {
      first_contact: 'Henvendelse',
      pre_conversation: 'Forsamtale',
      screening: 'Screening',
      treatment: 'Behandling',
      closing_conversation: 'Afsluttende samtale',
    };
    expect(ENCOUNTER_TYPE[kind].display).toBe(expected[type]);
  });
});
