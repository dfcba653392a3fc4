import { OFFER_AGES, type Sex } from './course.model.js';

export interface Cpr {
  /** Ten digits, no hyphen: how a CPR number is stored and hashed. */
  digits: string;
  birthDate: string;
  sex: Sex;
}

export type CprProblem = 'format' | 'date';

/**
 * The century from the 7th digit and the two-digit year (CPR-kontoret's table, docs/domain.md):
 * 0–3: 1900s; 4 and 9: 2000–2036 when the year ≤ 36, else 1900s;
 * 5–8: 2000–2057 when the year ≤ 57, else 1858–1899.
 */
export function centuryOf(seventhDigit: number, yy: number): number {
  if (seventhDigit <= 3) return 1900;
  if (seventhDigit === 4 || seventhDigit === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/**
 * Reads a CPR number written `DDMMYYSSSS` or `DDMMYY-SSSS`. The date must exist; the century
 * comes from the 7th digit; the last digit gives sex (odd male, even female).
 * There is deliberately no modulus-11 check: numbers without it have been issued since 2007
 * and are fully valid (docs/domain.md, "People and identity").
 */
export function parseCpr(input: string): Cpr | CprProblem {
  const match = /^(\d{2})(\d{2})(\d{2})-?(\d{4})$/.exec(input.trim());
  if (!match) return 'format';
  const [, dd, mm, yy, serial] = match;
  const year = centuryOf(Number(serial[0]), Number(yy)) + Number(yy);
  if (!isRealDate(year, Number(mm), Number(dd))) return 'date';
  return {
    digits: `${dd}${mm}${yy}${serial}`,
    birthDate: `${year}-${mm}-${dd}`,
    sex: Number(serial[3]) % 2 === 1 ? 'male' : 'female',
  };
}

/** `050514-xxxx`: the birth-date part only (the first six digits are DDMMYY of the birth date). */
export function maskedCprOf(birthDate: string): string {
  return `${birthDate.slice(8, 10)}${birthDate.slice(5, 7)}${birthDate.slice(2, 4)}-xxxx`;
}

/** Whole years of age on `onDate` (both `YYYY-MM-DD`); a birthday counts from its own day. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The offer's age range: from børnehaveklasse (5) up to and including 17 (sundhedsloven § 126 a). */
export function isInOfferAgeRange(age: number): boolean {
  return age >= OFFER_AGES.from && age <= OFFER_AGES.to;
}
