/**
 * A scanner for tests of extracts and reports: what in a text looks like it could identify a
 * child or point back into the case file (docs/domain.md, "Anonymised extracts": no CPR, name, exact
 * birth date, address or free text; no internal id). It errs towards reporting; a test asserts
 * that it finds nothing.
 *
 * Each finding is `kind: match`. Kinds: `known_cpr` (one of the CPRs the test put in, with or
 * without hyphen, anywhere, even inside a longer run of characters), `cpr_like` (DDMMYY-SSSS or
 * DDMMYYSSSS with a real day and month), `timestamp`, `date` (YYYY-MM-DD, DD-MM-YYYY,
 * DD.MM.YYYY, DD/MM/YYYY) and `uuid`.
 *
 * The pattern kinds match only standing alone, not inside a longer run of letters and digits:
 * a 64-character hex child key holds a run of ten digits in about one key in six, and that is
 * not a CPR.
 */

const alone = (pattern: string): RegExp => new RegExp(`(?<![0-9A-Za-z])(?:${pattern})(?![0-9A-Za-z])`, 'g');

const DAY = '(?:0[1-9]|[12]\\d|3[01])';
const MONTH = '(?:0[1-9]|1[0-2])';
const YEAR = '(?:19|20)\\d{2}';

const PATTERNS: readonly [kind: string, pattern: RegExp][] = [
  ['cpr_like', alone(`${DAY}${MONTH}\\d{2}-?\\d{4}`)],
  ['timestamp', alone(`${YEAR}-${MONTH}-${DAY}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?`)],
  ['date', alone(`${YEAR}-${MONTH}-${DAY}`)],
  ['date', alone(`${DAY}([-./])${MONTH}\\1${YEAR}`)],
  ['uuid', alone('[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')],
];

/** Everything in `text` that looks identifying, each distinct finding once, in the order of the kinds above. */
export function findIdentifyingPatterns(text: string, knownCprs: readonly string[]): string[] {
  const findings = new Set<string>();
  for (const cpr of knownCprs) {
    const digits = cpr.replace('-', '');
    for (const form of [digits, `${digits.slice(0, 6)}-${digits.slice(6)}`]) {
      if (text.includes(form)) findings.add(`known_cpr: ${form}`);
    }
  }
  for (const [kind, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) findings.add(`${kind}: ${match[0]}`);
  }
  return [...findings];
}
