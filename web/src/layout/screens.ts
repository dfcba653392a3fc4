import type { components } from '../api/schema.js';
import { da } from '../texts.da.js';

export type Role = components['schemas']['MeDto']['roles'][number];

/**
 * The screens of the front, in menu order: the menu, the landing page and each screen's role
 * check read this list. A screen is added here and in routes/router.tsx (README: docs/web.md).
 * Only screens that exist are listed: no menu entry points at a page still to be built.
 */
export interface Screen {
  path: string;
  label: string;
  roles: readonly Role[];
}

export const SCREENS = {
  worklist: { path: '/arbejdsliste', label: da.menu.worklist, roles: ['caseworker', 'manager'] },
  newContact: { path: '/ny-henvendelse', label: da.menu.newContact, roles: ['caseworker', 'manager'] },
  courses: { path: '/forloeb', label: da.menu.courses, roles: ['caseworker', 'manager'] },
  // Reports and administration (screens 6–10)
  compliance: { path: '/servicemaal', label: da.menu.compliance, roles: ['manager'] },
  flow: { path: '/flow', label: da.menu.flow, roles: ['manager', 'evaluator'] },
  comparison: { path: '/sammenligning', label: da.menu.comparison, roles: ['manager', 'evaluator'] },
  indicators: { path: '/indikatorer', label: da.menu.indicators, roles: ['manager', 'evaluator'] },
  extracts: { path: '/udtraek', label: da.menu.extracts, roles: ['evaluator', 'admin'] },
  serviceTargets: { path: '/kommunens-servicemaal', label: da.menu.serviceTargets, roles: ['manager'] },
  population: { path: '/befolkning', label: da.menu.population, roles: ['admin'] },
  baseline: { path: '/baseline', label: da.menu.baseline, roles: ['admin'] },
  audit: { path: '/revisionsspor', label: da.menu.audit, roles: ['manager', 'admin'] },
} as const satisfies Record<string, Screen>;

const ORDER: readonly Screen[] = [
  SCREENS.worklist,
  SCREENS.newContact,
  SCREENS.courses,
  // Reports and administration (screens 6–10)
  SCREENS.compliance,
  SCREENS.flow,
  SCREENS.comparison,
  SCREENS.indicators,
  SCREENS.extracts,
  SCREENS.serviceTargets,
  SCREENS.population,
  SCREENS.baseline,
  SCREENS.audit,
];

export const mayOpen = (screen: Screen, roles: readonly Role[]) => screen.roles.some((r) => roles.includes(r));

/** The menu entries a user with these roles gets. */
export function menuFor(roles: readonly Role[]): Screen[] {
  return ORDER.filter((screen) => mayOpen(screen, roles));
}

/** Where "/" leads: the first screen the user may open (the working list for caseworkers and managers). */
export function landingPathFor(roles: readonly Role[]): string | undefined {
  return menuFor(roles)[0]?.path;
}
