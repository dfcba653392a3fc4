/**
 * The pseudonymous child key of the evaluation extracts (docs/domain.md, "Anonymised extracts"):
 * "keyed hash (HMAC-SHA-256) with a secret key per recipient, of the CPR or of the CPR's own keyed
 * blind index; the same child gets the same key in every extract for that recipient and a
 * different key for any other recipient." Each recipient has one scheme for good
 * (`extract_recipient.pseudonym_scheme`), so its keys never change.
 */
import { createHmac } from 'node:crypto';

/** RFC 2104 advises a key at least as long as the hash output: 32 bytes for SHA-256. */
export const MIN_RECIPIENT_KEY_BYTES = 32;

const STORED_CPR = /^\d{10}$/;
const STORED_INDEX = /^[0-9a-f]{64}$/;

/** `cpr`: of the CPR (recipients registered before the blind-index scheme); `cpr_index`: of its blind index. */
export const PSEUDONYM_SCHEMES = ['cpr', 'cpr_index'] as const;
export type PseudonymScheme = (typeof PSEUDONYM_SCHEMES)[number];

/**
 * Lower-case hex HMAC-SHA-256 (64 characters) of the CPR in its stored form, ten digits without a
 * hyphen. Any other form is refused rather than normalised, so one child can never get two keys
 * from two spellings of the same number.
 */
export function pseudonymousChildKey(cpr: string, recipientKey: Buffer): string {
  if (!STORED_CPR.test(cpr)) throw new RangeError('The CPR must be ten digits without a hyphen');
  if (recipientKey.length < MIN_RECIPIENT_KEY_BYTES) {
    throw new RangeError(`A recipient key must be at least ${MIN_RECIPIENT_KEY_BYTES} bytes`);
  }
  return createHmac('sha256', recipientKey).update(cpr, 'ascii').digest('hex');
}

/**
 * The `cpr_index` scheme: lower-case hex HMAC-SHA-256 of the child's blind index as stored (64
 * lower-case hex characters; itself HMAC-SHA-256 of the CPR with CPR_INDEX_KEY, src/children/
 * cpr-vault.ts). No CPR is decrypted. A recipient cannot go back to the CPR even by trying every
 * possible number, because that would need the service's index key too, which no recipient has.
 */
export function pseudonymousChildKeyOfIndex(cprIndex: string, recipientKey: Buffer): string {
  if (!STORED_INDEX.test(cprIndex)) throw new RangeError('The blind index must be 64 lower-case hex characters');
  if (recipientKey.length < MIN_RECIPIENT_KEY_BYTES) {
    throw new RangeError(`A recipient key must be at least ${MIN_RECIPIENT_KEY_BYTES} bytes`);
  }
  return createHmac('sha256', recipientKey).update(cprIndex, 'ascii').digest('hex');
}
