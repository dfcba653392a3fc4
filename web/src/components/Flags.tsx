import { da } from '../texts.da.js';

const SEVERE = new Set(['overdue', 'booked_after_deadline', 'unrecorded_planned_contact']);

/** Flags as DKFDS badges with their Danish words: colour is never the only signal. */
export function Flags({ flags }: { flags: readonly string[] }) {
  if (!flags.length) return <span className="sr-only">{da.worklist.none}</span>;
  return (
    <ul className="unstyled-list inline-list flag-list">
      {flags.map((f) => (
        <li key={f}>
          <span className={`badge badge-small ${SEVERE.has(f) ? 'badge-error' : 'badge-warning'}`}>{da.values.flag[f] ?? f}</span>
        </li>
      ))}
    </ul>
  );
}
