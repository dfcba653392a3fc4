/**
 * The pseudonymous child key of the evaluation extracts (docs/domain.md, "Anonymised extracts"):
 * "keyed hash (HMAC-SHA-256) of the CPR with a secret key per recipient; the same child gets the
 * same key in every extract for that recipient and a different key for any other recipient."
 */
import { createHmac } from 'node:crypto';

/** RFC 2104 advises a key at least as long as the hash output: 32 bytes for SHA-256. */
export const MIN_RECIPIENT_KEY_BYTES = 32;

const STORED_CPR = /^\d{10}$/;

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
