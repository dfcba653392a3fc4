-- Rendered by npm run queries (src/bin/queries.ts) from the code: do not edit.

-- PopulationFiguresRepository.findMunicipalities
SELECT
  code,
  name,
  region_code AS "regionCode",
  region_name AS "regionName"
FROM
  municipality
ORDER BY
  code;

-- PopulationFiguresRepository.findBands
-- $1 = [2025,2026]
-- $2 = 5
-- $3 = 17
SELECT
  municipality_code AS "municipalityCode",
  year,
  sex,
  age_from AS "ageFrom",
  age_to AS "ageTo",
  population
FROM
  population
WHERE
  year = ANY ($1::int[])
  AND (
    (
      age_from IS NULL
      AND age_to IS NULL
    )
    OR (
      age_to IS NOT NULL
      AND age_from >= $2
      AND age_to <= $3
    )
  );

-- PopulationFiguresRepository.findDefaultTotals
-- $1 = [2025,2026]
SELECT
  m.code AS "municipalityCode",
  y.year,
  d.population,
  d.year AS "fromYear",
  d.source
FROM
  municipality m
  CROSS JOIN unnest($1::int[]) AS y (year)
  JOIN LATERAL (
    SELECT
      mp.population,
      mp.year,
      mp.source
    FROM
      municipality_population mp
    WHERE
      mp.municipality_code = m.code
    ORDER BY
      abs(mp.year - y.year),
      mp.year DESC
    LIMIT
      1
  ) d ON true;
