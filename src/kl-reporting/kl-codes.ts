/**
 * KL's codes, in one place: every code the LTT delivery carries, with its display exactly as KL's
 * code systems write it (kl.dk.fhir.term 2.3.0, CodeSystem `LTT` and `CareSocialCodes`, version
 * 20250530; KL-LTT.md "Codes"), and the mapping from the course vocabulary onto them.
 * `test/small/kl-codes.spec.ts` checks every code and display against the code systems' own files.
 */
import type { Coding } from '@medplum/fhirtypes';
import type { ContactType, Delivery, FocusArea, Participants, ReferralDestination } from '../kernel/course.model.js';

export const LTT_SYSTEM = 'http://fhir.kl.dk/term/CodeSystem/LTT';
export const CARE_SOCIAL_SYSTEM = 'http://fhir.kl.dk/term/CodeSystem/CareSocialCodes';
/** CPR (dk-core `dk-core-cpr-identifier`): the Danish civil registration number. */
export const CPR_SYSTEM = 'urn:oid:1.2.208.176.1.2';
/** SOR (dk-core `dk-core-sor-identifier`): the national register of health organisations. */
export const SOR_SYSTEM = 'urn:oid:1.2.208.176.1.1';
export const ENCOUNTER_CLASS: Coding = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' };

export const KL_PROFILE = {
  deliveryReport: 'http://fhir.kl.dk/ltt/StructureDefinition/klgateway-ltt-delivery-report',
  citizen: 'http://fhir.kl.dk/ltt/StructureDefinition/klgateway-ltt-citizen',
  carePlan: 'http://fhir.kl.dk/ltt/StructureDefinition/klgateway-ltt-care-plan',
  encounter: 'http://fhir.kl.dk/ltt/StructureDefinition/klgateway-ltt-encounter',
  referral: 'http://fhir.kl.dk/ltt/StructureDefinition/klgateway-ltt-referral',
} as const;

export const KL_EXTENSION = {
  basedOnCarePlan: 'http://fhir.kl.dk/ltt/StructureDefinition/klgateway-ltt-encounter-based-on-care-plan',
  deliveryType: 'http://fhir.kl.dk/ltt/StructureDefinition/klgateway-ltt-encounter-delivery-type',
} as const;

const ltt = (code: string, display: string): Coding => ({ system: LTT_SYSTEM, code, display });
const careSocial = (code: string, display: string): Coding => ({ system: CARE_SOCIAL_SYSTEM, code, display });

/** The course itself (CarePlan.activity.detail.code, a pattern in `klgateway-ltt-care-plan`). */
export const COURSE_CODE = careSocial(
  '01302bcb-c7f3-42c4-8ded-68e33da064eb',
  'Lettilgængelige tilbud til børn og unge i psykisk mistrivsel',
);

/** LTT encounter types (ValueSet `fkgateway-ltt-encounter-types`). */
export type KlEncounterKind = 'henvendelse' | 'forsamtale' | 'screening' | 'behandling' | 'afsluttende_samtale' | 'afslutning';
export const ENCOUNTER_TYPE: Record<KlEncounterKind, Coding> = {
  henvendelse: ltt('ac1057da-a510-4bab-a2b1-d96efa464bdc', 'Henvendelse'),
  forsamtale: ltt('e2eee938-a58c-42d0-a514-dc91779b1243', 'Forsamtale'),
  screening: ltt('404665f4-3488-4225-953e-3f1c5a061829', 'Screening'),
  behandling: ltt('b7f9217c-2315-4d6f-bba5-5117e202302c', 'Behandling'),
  afsluttende_samtale: ltt('afd9445a-7ca5-42f8-8011-c3802db3f30b', 'Afsluttende samtale'),
  afslutning: ltt('3b1d8884-5a1d-43cf-aabb-8c1035148c46', 'Afslutning'),
};

/** Each contact type is one encounter type; Afslutning is the closure, not a contact. */
export const ENCOUNTER_KIND_OF_CONTACT: Record<ContactType, KlEncounterKind> = {
  first_contact: 'henvendelse',
  pre_conversation: 'forsamtale',
  screening: 'screening',
  treatment: 'behandling',
  closing_conversation: 'afsluttende_samtale',
};

/** The eight focus areas, children of "Tema" (ValueSet `fkgateway-ltt-focus-area`). */
export const FOCUS_AREA: Record<FocusArea, Coding> = {
  behaviour: ltt('dcf2c302-09b9-4bf1-9865-d08a5876700c', 'Adfærd'),
  worry: ltt('95c5e9fc-33b7-4d85-9417-64fc3164eb4c', 'Bekymring'),
  body_and_food: ltt('bf4df811-805a-4309-8394-7d9ea31b8af7', 'Krop og mad'),
  self_harm: ltt('5cea8eb2-5374-45f7-a985-cef1f577f0a1', 'Selvskade'),
  sadness: ltt('9b82f4cd-bc63-4187-a2f0-ff2d74f63bd8', 'Tristhed'),
  obsessions_compulsions: ltt('c8887ec0-e529-48d9-914c-317e000c2036', 'Tvangstanker og -handlinger'),
  restlessness_inattention: ltt('2644b5af-73cc-41a5-b588-f244b813179d', 'Uro og uopmærksomhed'),
  other: ltt('cc829c98-5904-45da-b777-2af5693e78e9', 'Andet'),
};

/** The six referral destinations, children of "Henvisning" (ValueSet `fkgateway-ltt-type-of-referral`). */
export const REFERRAL_DESTINATION: Record<ReferralDestination, Coding> = {
  home_municipality_offer: ltt('59721d6a-71c7-4cae-954c-5997cbebd387', 'Andet tilbud i hjemkommune'),
  other_municipality_126a: ltt('e648f06e-8a17-47af-95ff-babeb3e7543c', '§126a-tilbud i anden kommune'),
  gp: ltt('0cdc1b09-f53f-41c4-80d3-a2c59ff98287', 'Alment praktiserende læge'),
  child_psychiatry: ltt('42b97e5a-7584-4b07-a7c7-d441ccb331b2', 'Børne- og ungdomspsykiatri'),
  civil_society: ltt('f3d5cb7b-e059-4fbc-9514-a53299c2e3cf', 'Civilsamfund'),
  other: ltt('e961ba32-9e1e-4bfd-82aa-d73c8653d170', 'Andet'),
};

/** Delivery types, children of "Leveringstype" used by LTT (ValueSet `fkgateway-ltt-type-of-delivery`). */
export const DELIVERY_TYPE: Record<Delivery, Coding> = {
  individual: careSocial('8d12d74c-17da-47a7-a4fe-e69dbaec0a8c', 'Individuel indsats'),
  group: careSocial('2865f123-15a7-4a36-a514-32ea37c400ca', 'Gruppebaseret indsats'),
};

/** Participant types (ValueSet `fkgateway-ltt-type-of-participants`). */
export const PARTICIPANT_TYPE: Record<Participants, Coding> = {
  child_present: careSocial('ca228a58-bd0e-4b0e-81ce-3866adc26535', 'Barn/ung deltager'),
  carers_only: careSocial('d3578249-10df-4051-851d-3986b1570bee', 'Omsorgsperson uden barn/ung'),
};
