/**
 * Service targets as configuration: the two national targets and the municipalities' own
 * targets for the further treatment, each versioned by the date from which it applies.
 */
import { isLocalDate } from '../common/local-date.js';

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

/** DOMAIN.md, "Service targets": national targets 1 and 2, in force since the offer began in 2024. */
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

/** What is wrong with a target definition, or an empty list when it is sound. */
export function targetDefinitionProblems(target: TargetDefinition): string[] {
  const problems: string[] = [];
  if (!target.name.trim()) problems.push('name is empty');
  if (!TARGET_KINDS.includes(target.kind)) problems.push(`kind ${String(target.kind)} is unknown`);
  if (!Number.isInteger(target.limitDays) || target.limitDays < 0) problems.push('limitDays must be a whole number ≥ 0');
  if (!isLocalDate(target.validFrom)) problems.push('validFrom must be a YYYY-MM-DD date');
  if (target.validTo != null) {
    if (!isLocalDate(target.validTo)) problems.push('validTo must be a YYYY-MM-DD date');
    else if (target.validTo < target.validFrom) problems.push('validTo is before validFrom');
  }
  return problems;
}

function inForceOn(target: TargetDefinition, date: string): boolean {
  return target.validFrom <= date && (target.validTo == null || target.validTo >= date);
}

/**
 * DOMAIN.md: "a course is judged by the target in force on its first-contact date".
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
