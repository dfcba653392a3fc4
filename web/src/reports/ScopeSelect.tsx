import { useQuery } from '@tanstack/react-query';
import { municipalitiesQuery } from '../api/queries.js';
import { da } from '../texts.da.js';
import { regionsOf, scopeFromValue, scopeValue, type ScopeSearch } from './scope.js';

/**
 * The report's area: a manager chooses among their own municipalities (or all of them); an
 * evaluator the nation, a region or a municipality.
 */
export function ScopeSelect({
  id,
  value,
  onChange,
  evaluator,
  mine,
}: {
  id: string;
  value: ScopeSearch;
  onChange: (scope: ScopeSearch) => void;
  evaluator: boolean;
  mine: readonly string[];
}) {
  const { data } = useQuery(municipalitiesQuery);
  const all = data?.items ?? [];
  const name = (code: string) => all.find((m) => m.code === code)?.name ?? da.app.municipalityUnknown(code);
  if (!evaluator && mine.length < 2) return null;
  return (
    <div className="form-group col-12 col-md-6 col-xl-3">
      <label className="form-label" htmlFor={id}>
        {evaluator ? da.reports.scope : da.reports.municipality}
      </label>
      <select id={id} className="form-select" value={scopeValue(value)} onChange={(e) => onChange(scopeFromValue(e.target.value))}>
        {evaluator ? (
          <>
            <option value="">{da.reports.national}</option>
            <optgroup label={da.indicators.levels.region}>
              {regionsOf(all).map((r) => (
                <option key={r.code} value={`r:${r.code}`}>
                  {r.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={da.indicators.levels.municipality}>
              {all.map((m) => (
                <option key={m.code} value={`m:${m.code}`}>
                  {m.name}
                </option>
              ))}
            </optgroup>
          </>
        ) : (
          <>
            <option value="">{da.reports.allMine}</option>
            {mine.map((code) => (
              <option key={code} value={`m:${code}`}>
                {name(code)}
              </option>
            ))}
          </>
        )}
      </select>
    </div>
  );
}
