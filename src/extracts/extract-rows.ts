/**
 * From a row of the extract SQL to the published row: the child's identity (blind index or sealed
 * CPR) becomes the pseudonymous child key (and is gone), lists become code lists in their fixed order. Only allow-listed
 * columns survive the formatter after this.
 */
import { FOCUS_AREAS, type FocusArea, type ReferralDestination } from '../kernel/course.model.js';
import type { TargetState } from '../service-targets/clock.rules.js';
import { NATIONAL_TARGETS, type TargetKind } from '../service-targets/target-definitions.js';
import {
  codeListValue,
  municipalTargetStatesValue,
  nationalTargetColumn,
  referralDestinationsValue,
  type ExtractKind,
} from './extract-columns.js';
import type { ExtractRow } from './formats.js';

export interface RawExtractRow {
  /** The `cpr_index` scheme's identity: the blind index. */
  cpr_index?: string;
  /** The `cpr` scheme's: the sealed CPR. */
  cpr_ciphertext?: Buffer;
  cpr_key_id?: string;
  focus_areas?: FocusArea[];
  referrals?: { destination: ReferralDestination; days: number }[];
  national_states?: Record<string, TargetState> | null;
  municipal_states?: { kind: TargetKind; limitDays: number; state: TargetState }[] | null;
  [column: string]: unknown;
}

export function toExtractRow(kind: ExtractKind, raw: RawExtractRow, childKey: string): ExtractRow {
  const { cpr_index: _i, cpr_ciphertext: _c, cpr_key_id: _k, focus_areas, referrals, national_states, municipal_states, ...rest } = raw;
  const row: Record<string, unknown> = { child_key: childKey, ...rest };
  if (kind === 'courses') {
    row.focus_areas = codeListValue(focus_areas ?? [], FOCUS_AREAS);
    row.referral_destinations = referralDestinationsValue(referrals ?? []);
    for (const target of NATIONAL_TARGETS) row[nationalTargetColumn(target.name)] = national_states?.[target.name] ?? null;
    row.municipal_target_states = municipalTargetStatesValue(municipal_states ?? []);
  }
  return row as ExtractRow;
}
