import { useTitle } from '../../components/status.js';
import { da } from '../../texts.da.js';

const t = da.accessibility;

/** Tilgængelighedserklæring: the accessibility statement webtilgængelighedsloven requires, linked from every page's footer. */
export function AccessibilityPage() {
  useTitle(t.title);
  return (
    <article>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <h2>{t.statusTitle}</h2>
      <p>{t.status}</p>
      <h2>{t.knownTitle}</h2>
      <p>{t.known}</p>
      <h2>{t.contactTitle}</h2>
      <p>{t.contact}</p>
      <h2>{t.enforcementTitle}</h2>
      <p>{t.enforcement}</p>
    </article>
  );
}
