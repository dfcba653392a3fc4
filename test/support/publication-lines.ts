/** Every count and rate of a publication, one line per cell (`measure@area#breakdown value`), to compare two publications whole. */
import {
  areasOfGeography,
  BREAKDOWNS,
  COUNT_MEASURES,
  RATE_MEASURES,
  type Publication,
} from '../../src/statistics/disclosure/cohort-publication.js';

export function publicationLines(publication: Publication): string[] {
  return areasOfGeography(publication.geography).flatMap((area) =>
    BREAKDOWNS.flatMap((b) => [
      ...COUNT_MEASURES.map((m) => `${m}@${area}#${b} ${publication.count(m, area, b)}`),
      ...RATE_MEASURES.map(({ id }) => `${id}@${area}#${b} ${publication.rate(id, area, b)}`),
    ]),
  );
}
