/**
 * Service targets as configuration: the two national targets and the municipalities' own
 * targets for the further treatment, each versioned by the date from which it applies.
 */
import { RuleViolation } from '../common/errors.js';

export const TARGET_KINDS = [
  /** National target 1: the pre-conversation (forsamtale) within N days of first contact. */
  'pre_conversation_within',
  /** National target 2: the screening (screeningssamtale) within N days, when clearly in the target group. */
  'screening_within',
  /** Municipal: the first treatment session at most N days after the screening that offered treatment. */
  'treatment_start_after_screening',
  /** Municipal: at most M days between consecutive held treatment sessions. */
  'max_days_between_treatment_sessions',
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface TargetDefinition {
  /** Stable name shared by every version of the target, e.g. `pre_conversation_14d`. */
  name: string;
  kind: TargetKind;
  /** The limit in calendar days: met when `days ≤ limitDays`. */
  limitDays: number;
  /** First date (`YYYY-MM-DD`, inclusive) of first contact judged by this version. */
  validFrom: string;
  /** Last date (`YYYY-MM-DD`, inclusive) of first contact judged by this version; open-ended when absent. */
  validTo?: string | null;
  national: boolean;
}

/** docs/domain.md, "Service targets": national targets 1 and 2, in force since the offer began in 2024. */
export const NATIONAL_TARGETS: readonly TargetDefinition[] = Object.freeze([
  Object.freeze({
    name: 'pre_conversation_14d',
    kind: 'pre_conversation_within',
    limitDays: 14,
    validFrom: '2024-01-01',
    validTo: null,
    national: true,
  }),
  Object.freeze({
    name: 'screening_30d',
    kind: 'screening_within',
    limitDays: 30,
    validFrom: '2024-01-01',
    validTo: null,
    national: true,
  }),
]);

/**
 * The rules for a municipality's own targets (every version, as one set): not a national
 * target's name, validTo not before validFrom, one version per name and start date, and one kind
 * for every version of a name. Throws the first broken rule, naming the entry.
 */
export function checkMunicipalTargets(targets: readonly Pick<TargetDefinition, 'name' | 'kind' | 'validFrom' | 'validTo'>[]): void {
  const nationalNames = new Set(NATIONAL_TARGETS.map((t) => t.name));
  const versions = new Set<string>();
  const kinds = new Map<string, TargetKind>();
  targets.forEach((t, i) => {
    if (nationalNames.has(t.name))
      throw new RuleViolation('reserved_target_name', `${t.name} is a national target's name`, `targets.${i}.name`);
    if (t.validTo && t.validTo < t.validFrom) {
      throw new RuleViolation('valid_to_before_valid_from', 'validTo is before validFrom', `targets.${i}.validTo`);
    }
    const version = `${t.name}@${t.validFrom}`;
    if (versions.has(version))
      throw new RuleViolation('duplicate_target_version', `${t.name} has two versions from ${t.validFrom}`, `targets.${i}`);
    versions.add(version);
    if (kinds.has(t.name) && kinds.get(t.name) !== t.kind) {
      throw new RuleViolation('target_kind_changed', `Every version of ${t.name} must have the same kind`, `targets.${i}.kind`);
    }
    kinds.set(t.name, t.kind);
  });
}

function inForceOn(target: TargetDefinition, date: string): boolean {
  return target.validFrom <= date && (target.validTo == null || target.validTo >= date);
}

/**
 * docs/domain.md: "a course is judged by the target in force on its first-contact date".
 * For each name, the version in force on `firstContactDate` (validFrom ≤ date ≤ validTo);
 * when several are, the one with the latest validFrom, and on a tie the one listed last.
 * Names keep the order of their first appearance in `all`; a name with no version in force
 * on that date is left out.
 */
export function targetsInForce(all: readonly TargetDefinition[], firstContactDate: string): TargetDefinition[] {
  const chosen = new Map<string, TargetDefinition | undefined>();
  for (const target of all) {
    const current = chosen.get(target.name);
    if (!chosen.has(target.name)) chosen.set(target.name, undefined);
    if (!inForceOn(target, firstContactDate)) continue;
    if (current === undefined || target.validFrom >= current.validFrom) chosen.set(target.name, target);
  }
  return [...chosen.values()].filter((target): target is TargetDefinition => target !== undefined);
}
