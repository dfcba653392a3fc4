import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { QUERIES_DIR, renderQueries } from '../../src/bin/queries.js';

describe('docs/queries', () => {
  const rendered = renderQueries();

  it('holds exactly the files the code renders', () => {
    expect(readdirSync(QUERIES_DIR).sort()).toEqual([...rendered.keys()].sort());
  });

  it.each([...rendered.keys()])('%s is the SQL the code builds today (run npm run queries and commit it)', (file) => {
    expect(readFileSync(resolve(QUERIES_DIR, file), 'utf8')).toBe(rendered.get(file));
  });

  it('renders every grouping of both reports, and the cohort condition in every reporting query', () => {
    const aggregates = rendered.get('aggregates.repository.sql')!;
    for (const groupBy of ['month', 'quarter', 'half_year', 'municipality', 'region', 'age_group', 'sex', 'contacted_by', 'focus_area']) {
      expect(aggregates).toContain(`-- AggregatesRepository.compliance, national, grouped by ${groupBy}`);
      expect(aggregates).toContain(`-- AggregatesRepository.flow, national, grouped by ${groupBy}`);
    }
    for (const file of ['aggregates.repository.sql', 'indicators.repository.sql', 'extracts.repository.sql']) {
      expect(rendered.get(file)).toMatch(/status <> 'entered_in_error'/);
    }
  });
});
