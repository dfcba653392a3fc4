import { da } from '../texts.da.js';
import { type ResponsibleFilter } from './responsible-filter.js';

const r = da.responsible;

/** Toggle buttons (aria-pressed) for all, mine and none; the choice lives in the URL. */
export function ResponsibleChips({
  value,
  onChange,
}: {
  value: ResponsibleFilter | undefined;
  onChange: (value: ResponsibleFilter | undefined) => void;
}) {
  const options: [ResponsibleFilter | undefined, string][] = [
    [undefined, r.all],
    ['me', r.me],
    ['none', r.none],
  ];
  return (
    <div role="group" aria-label={r.filter} className="filter-chips" data-testid="responsible-chips">
      <span className="chips-label">{r.filter}:</span>
      {options.map(([option, label]) => (
        <button
          key={option ?? 'all'}
          type="button"
          className={`tag${value === option ? ' tag-active' : ''}`}
          aria-pressed={value === option}
          data-responsible={option ?? 'all'}
          onClick={() => onChange(option)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
