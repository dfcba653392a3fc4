/**
 * The validator is real: KL's own examples pass, and reports broken in one way each fail with the
 * rule they break — read from KL's and dk-core's StructureDefinitions, evaluated by fhirpath.js, or
 * checked by medplum against the base specification.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { validateResource } from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { KL_PROFILE } from '../../src/kl-reporting/kl-codes.js';
import { klConformance, validateKlResource, validateReport } from '../../src/kl-reporting/validation/kl-validation.js';

const FIXTURES = new URL('../fixtures/kl-ltt/', import.meta.url);
const read = <T = Resource>(file: string): T => JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as T;
const examples = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

/* eslint-disable @typescript-eslint/no-explicit-any -- the broken reports are built by editing plain JSON */
type Edit = (report: any) => void;

describe('KL’s own examples', () => {
  it('are all here: the nine Josefine delivery reports (seven files), RapportOmJosefine, the incremental delivery and four single resources', () => {
    expect(examples).toHaveLength(13);
  });

  it.each(examples)('%s passes', (file) => {
    const resource = read(file);
    const profile = resource.meta!.profile![0];
    const result = profile === KL_PROFILE.deliveryReport ? validateReport(resource as Bundle) : validateKlResource(resource, profile);
    expect(result).toEqual({ valid: true, issues: [] });
  });
});

describe('a report broken in one way fails with the rule it breaks', () => {
  // Josefine-4: Citizen, CarePlan (with focus areas), Encounter Behandling, Referral.
  const josefine4 = read<Bundle>('Bundle-DeliveryReport-Josefine-4.json');
  const [citizen, carePlan, behandling, referral] = [0, 1, 2, 3].map((i) => `Bundle.entry[${i}].resource`);

  it.each<[string, Edit, string, string]>([
    ['a name on the Citizen (0..0)', (b) => (b.entry[0].resource.name = [{ family: 'Jensen' }]), 'cardinality', `${citizen}.name`],
    ['a birth date on the Citizen (0..0)', (b) => (b.entry[0].resource.birthDate = '2014-05-05'), 'cardinality', `${citizen}.birthDate`],
    ['a Citizen without active (1..1)', (b) => delete b.entry[0].resource.active, 'cardinality', `${citizen}.active`],
    [
      'a Behandling without participant',
      (b) => delete b.entry[2].resource.participant,
      'klgateway-ltt-encounter-participants-and-deliveryType',
      behandling,
    ],
    [
      'a Behandling without delivery type',
      (b) => b.entry[2].resource.extension.pop(),
      'klgateway-ltt-encounter-participants-and-deliveryType',
      behandling,
    ],
    [
      'a completed CarePlan without period.end',
      (b) => {
        b.entry[1].resource.status = 'completed';
        b.entry[1].resource.activity[0].detail.status = 'completed';
      },
      'klgateway-ltt-careplan-endtime',
      carePlan,
    ],
    [
      'a wrong encounter type (a referral code)',
      (b) => (b.entry[2].resource.type[0].coding[0].code = '59721d6a-71c7-4cae-954c-5997cbebd387'),
      'binding',
      `${behandling}.type[0]`,
    ],
    [
      'a wrong focus area (a referral code)',
      (b) => (b.entry[1].resource.activity[0].detail.reasonCode[0].coding[0].code = 'f3d5cb7b-e059-4fbc-9514-a53299c2e3cf'),
      'binding',
      `${carePlan}.activity[0].detail.reasonCode[0]`,
    ],
    [
      'a wrong referral code (a focus area)',
      (b) => (b.entry[3].resource.activity[0].detail.code.coding[0].code = '95c5e9fc-33b7-4d85-9417-64fc3164eb4c'),
      'binding',
      `${referral}.activity[0].detail.code`,
    ],
    [
      'a wrong delivery type (a participant code)',
      (b) => (b.entry[2].resource.extension[1].valueCodeableConcept.coding[0].code = 'ca228a58-bd0e-4b0e-81ce-3866adc26535'),
      'binding',
      `${behandling}.extension[1].valueCodeableConcept.coding[0]`,
    ],
    [
      'the course code with another display',
      (b) => (b.entry[1].resource.activity[0].detail.code.coding[0].display = 'Lettilgængeligt tilbud'),
      'pattern',
      `${carePlan}.activity[0].detail.code.coding[0].display`,
    ],
    [
      'a 0..0 element deep in the CarePlan (activity.detail.kind)',
      (b) => (b.entry[1].resource.activity[0].detail.kind = 'Task'),
      'cardinality',
      `${carePlan}.activity[0].detail.kind`,
    ],
    [
      'a 0..0 element on the Encounter (period.end)',
      (b) => (b.entry[2].resource.period.end = '2025-07-07T15:00:00Z'),
      'cardinality',
      `${behandling}.period.end`,
    ],
    [
      'a 0..0 element on the Referral (identifier)',
      (b) => (b.entry[3].resource.identifier = [{ value: '1' }]),
      'cardinality',
      `${referral}.identifier`,
    ],
    [
      'a 9-digit SOR code',
      (b) => (b.entry[0].resource.managingOrganization.identifier.value = '451000016'),
      'min-digits-sor',
      `${citizen}.managingOrganization.identifier.value`,
    ],
    [
      'an eCPR identifier instead of the CPR',
      (b) => (b.entry[0].resource.identifier = [{ use: 'temp', system: 'urn:oid:1.2.208.176.1.6.1.1', value: '0505141AB3' }]),
      'slice',
      `${citizen}.identifier:x-ecpr`,
    ],
    [
      'a CPR whose first six digits are no date',
      (b) => (b.entry[0].resource.identifier[0].value = '3213149996'),
      'cpr',
      `${citizen}.identifier[0].value`,
    ],
    [
      'a CPR written with a hyphen (max length 10)',
      (b) => (b.entry[0].resource.identifier[0].value = '050514-9996'),
      'max-length',
      `${citizen}.identifier[0].value`,
    ],
    [
      'a CPR identifier with use usual (fixed official)',
      (b) => (b.entry[0].resource.identifier[0].use = 'usual'),
      'fixed',
      `${citizen}.identifier[0].use`,
    ],
    ['two Citizens in one report', (b) => b.entry.push(structuredClone(b.entry[0])), 'slice', 'Bundle.entry:citizen'],
    ['a Bundle of type transaction (pattern collection)', (b) => (b.type = 'transaction'), 'pattern', 'Bundle.type'],
    [
      'an entry with a request (0..0)',
      (b) => (b.entry[1].request = { method: 'PUT', url: 'CarePlan/x' }),
      'cardinality',
      'Bundle.entry[1].request',
    ],
    [
      'an entry holding another kind of resource',
      (b) =>
        b.entry.push({
          fullUrl: 'https://test.fhir.dk/Observation/1',
          resource: { resourceType: 'Observation', id: '1', status: 'final', code: { text: 'x' } },
        }),
      'type',
      'Bundle.entry[4].resource',
    ],
    [
      'the delivery type as a Coding (the extension allows a CodeableConcept)',
      (b) => {
        const extension = b.entry[2].resource.extension[1];
        extension.valueCoding = extension.valueCodeableConcept.coding[0];
        delete extension.valueCodeableConcept;
      },
      'type',
      `${behandling}.extension[1].valueCoding`,
    ],
    [
      'an Encounter status planned (guide: only finished or entered-in-error)',
      (b) => (b.entry[2].resource.status = 'planned'),
      'ltt-encounter-status',
      `${behandling}.status`,
    ],
    [
      'an Encounter without subject (guide: always)',
      (b) => delete b.entry[2].resource.subject,
      'ltt-encounter-subject',
      `${behandling}.subject`,
    ],
    [
      'a referral status active (guide: completed or entered-in-error)',
      (b) => (b.entry[3].resource.status = 'active'),
      'ltt-referral-status',
      `${referral}.status`,
    ],
    ['an Encounter status not in FHIR’s value set', (b) => (b.entry[2].resource.status = 'done'), 'binding', `${behandling}.status`],
    [
      'a reference to a resource not in the report',
      (b) => (b.entry[2].resource.subject.reference = 'Patient/someone-else'),
      'reference',
      `${behandling}.subject`,
    ],
    [
      'a referral based on itself instead of the course CarePlan (targetProfile)',
      (b) => (b.entry[3].resource.basedOn[0].reference = `CarePlan/${b.entry[3].resource.id}`),
      'reference',
      `${referral}.basedOn[0]`,
    ],
    [
      'a fullUrl naming another resource',
      (b) => (b.entry[2].fullUrl = 'https://test.fhir.dk/Encounter/other'),
      'reference',
      'Bundle.entry[2].fullUrl',
    ],
    ['an unknown property (base specification, medplum)', (b) => (b.entry[1].resource.colour = 'blue'), 'structure', `${carePlan}.colour`],
    [
      'a timestamp that is not an instant (base specification, medplum)',
      (b) => (b.timestamp = '2025-07-07'),
      'structure',
      'Bundle.timestamp',
    ],
    [
      'a period start that is not a dateTime (base specification, medplum)',
      (b) => (b.entry[2].resource.period.start = '7 July 2025'),
      'structure',
      `${behandling}.period.start`,
    ],
  ])('%s', (_name, edit, rule, path) => {
    const broken = structuredClone(josefine4);
    edit(broken);
    const result = validateReport(broken);
    expect(result.valid).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ severity: 'error', rule, path }));
  });

  it('finds nothing in the unbroken report (so each failure above is the edit’s)', () => {
    expect(validateReport(structuredClone(josefine4)).issues).toEqual([]);
  });
});

describe('the definitions it reads', () => {
  it('expands every required binding of KL’s profiles that an element the product sends uses', () => {
    const { validator } = klConformance();
    for (const url of [
      'http://fhir.kl.dk/ltt/ValueSet/fkgateway-ltt-encounter-types',
      'http://fhir.kl.dk/ltt/ValueSet/fkgateway-ltt-focus-area',
      'http://fhir.kl.dk/ltt/ValueSet/fkgateway-ltt-type-of-referral',
      'http://fhir.kl.dk/ltt/ValueSet/fkgateway-ltt-type-of-delivery',
      'http://fhir.kl.dk/ltt/ValueSet/fkgateway-ltt-type-of-participants',
      'http://fhir.kl.dk/ltt/ValueSet/fkgateway-ltt-care-plan-activity-types',
      'http://hl7.org/fhir/ValueSet/encounter-status|4.0.1',
      'http://hl7.org/fhir/ValueSet/care-plan-activity-status|4.0.1',
    ]) {
      expect(validator.expand(url)?.size).toBeGreaterThan(0);
    }
    // Tema has eight children, Henvisning six, the participant group two.
    const count = (url: string) => [...validator.expand(url)!].filter((c) => !c.startsWith('*|')).length;
    expect(count('http://fhir.kl.dk/ltt/ValueSet/fkgateway-ltt-focus-area')).toBe(8);
    expect(count('http://fhir.kl.dk/ltt/ValueSet/fkgateway-ltt-type-of-referral')).toBe(6);
    expect(count('http://fhir.kl.dk/ltt/ValueSet/fkgateway-ltt-type-of-participants')).toBe(2);
  });

  it('is needed beyond medplum’s own profile mode, which checks only a profile’s top level', () => {
    // medplum 4.x validates nested backbone elements against the base type: a 0..0 element inside
    // CarePlan.activity.detail passes its profile mode, and the SOR identifier profile is not applied.
    const { structureDefinitions } = klConformance();
    const carePlan = structuredClone(read<Bundle>('Bundle-DeliveryReport-Josefine-4.json').entry![1].resource!) as any;
    carePlan.activity[0].detail.kind = 'Task';
    expect(() => validateResource(carePlan, { profile: structureDefinitions.get(KL_PROFILE.carePlan) })).not.toThrow();
    expect(validateKlResource(carePlan, KL_PROFILE.carePlan).issues).toContainEqual(
      expect.objectContaining({ rule: 'cardinality', path: 'CarePlan.activity[0].detail.kind' }),
    );
  });
});
