import { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  notFound,
  parseSearchWith,
  redirect,
  stringifySearchWith,
} from '@tanstack/react-router';
import { meQuery } from '../api/queries.js';
import type { Auth } from '../auth/session.js';
import { Layout } from '../layout/Layout.js';
import { landingPathFor, mayOpen, SCREENS, type Screen } from '../layout/screens.js';
import { parseAuditSearch } from '../pages/audit/audit.js';
import { parseComplianceSearch } from '../pages/compliance/compliance.js';
import { parseComparisonSearch } from '../pages/comparison/comparison.js';
import { parseCoursesSearch } from '../pages/courses/courses-search.js';
import { parseExtractsSearch } from '../pages/extracts/extracts.js';
import { parseFlowSearch } from '../pages/flow/flow.js';
import { parseIndicatorsSearch } from '../pages/indicators/indicators.js';
import { parsePopulationSearch } from '../pages/population/population.js';
import { parseServiceTargetsSearch } from '../pages/service-targets/service-targets.js';
import { NotFoundPage } from '../pages/NotFoundPage.js';
import { parseWorklistSearch } from '../pages/worklist/worklist.js';
import { worklistMunicipality, worklistQuery } from '../pages/worklist/worklist.query.js';
// The landing page of caseworkers and managers comes with the first chunk (one round trip less);
// every other page is a chunk of its own.
import { WorklistPage } from '../pages/worklist/WorklistPage.js';

/**
 * The front's routes. Every page but the working list is its own chunk (lazyRouteComponent), so
 * the first page loads only the shell and itself; heavy libraries (the charts) belong inside the pages that use
 * them and never here. A new screen: an entry in layout/screens.ts, a route below with
 * `screenRoute`, and its page under pages/ (docs/web.md).
 */
export interface RouterContext {
  auth: Auth;
  queries: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Layout,
  notFoundComponent: NotFoundPage,
});

// Pages anyone may open.
const optionalReturn = (search: Record<string, unknown>) => ({
  returnTo:
    typeof search.returnTo === 'string' && search.returnTo.startsWith('/') && !search.returnTo.startsWith('//')
      ? search.returnTo
      : undefined,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/log-ind',
  validateSearch: (search: Record<string, unknown>) => ({
    ...optionalReturn(search),
    expired: search.expired === true || search.expired === 'true' ? true : undefined,
  }),
  component: lazyRouteComponent(() => import('../pages/auth/LoginPage.js'), 'LoginPage'),
});
const devLoginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/udviklingslogin',
  validateSearch: optionalReturn,
  component: lazyRouteComponent(() => import('../pages/auth/DevLoginPage.js'), 'DevLoginPage'),
});
const callbackRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login/callback',
  component: lazyRouteComponent(() => import('../pages/auth/CallbackPage.js'), 'CallbackPage'),
});
const loggedOutRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/logget-af',
  component: lazyRouteComponent(() => import('../pages/auth/LoggedOutPage.js'), 'LoggedOutPage'),
});
const accessibilityRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tilgaengelighed',
  component: lazyRouteComponent(() => import('../pages/accessibility/AccessibilityPage.js'), 'AccessibilityPage'),
});

/** Everything below needs a session and the caller's identity (GET /api/v1/me). */
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const session = context.auth.current();
    if (!session) throw redirect({ to: '/log-ind', search: { returnTo: location.href, expired: context.auth.expired || undefined } });
    try {
      return { me: await context.queries.ensureQueryData(meQuery(session.accessToken)) };
    } catch {
      context.auth.expire();
      throw redirect({ to: '/log-ind', search: { returnTo: location.href, expired: true } });
    }
  },
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    const landing = landingPathFor(context.me.roles);
    if (landing) throw redirect({ to: landing });
  },
  component: lazyRouteComponent(() => import('../pages/auth/NoRolesPage.js'), 'NoRolesPage'),
});

/** A screen's route: only for the roles in layout/screens.ts; anyone else gets "not found". */
function guard(screen: Screen) {
  return ({ context }: { context: { me: { roles: Screen['roles'][number][] } } }) => {
    if (!mayOpen(screen, context.me.roles)) throw notFound();
  };
}

const worklistRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.worklist.path,
  validateSearch: parseWorklistSearch,
  beforeLoad: guard(SCREENS.worklist),
  // Start the list's request while the page's code loads (not awaited: the page shows its own progress).
  loaderDeps: ({ search }) => ({ municipality: search.municipality, responsible: search.responsible }),
  loader: ({ context, deps }) =>
    void context.queries.prefetchQuery(worklistQuery(worklistMunicipality(deps.municipality, context.me.municipalities), deps.responsible)),
  component: WorklistPage,
});

const newContactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.newContact.path,
  beforeLoad: guard(SCREENS.newContact),
  component: lazyRouteComponent(() => import('../pages/new-contact/NewContactPage.js'), 'NewContactPage'),
});

const coursesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.courses.path,
  validateSearch: parseCoursesSearch,
  beforeLoad: guard(SCREENS.courses),
  component: lazyRouteComponent(() => import('../pages/courses/CoursesPage.js'), 'CoursesPage'),
});

// Forløbsside: one course, opened from the working list and the course list (same roles as the list).
const courseRoute = createRoute({
  getParentRoute: () => appRoute,
  path: `${SCREENS.courses.path}/$courseId`,
  beforeLoad: guard(SCREENS.courses),
  component: lazyRouteComponent(() => import('../pages/course/CoursePage.js'), 'CoursePage'),
});
// Reports and administration (screens 6–10): each page is its own chunk, and the charts a chunk
// of their own inside them (charts/Chart.tsx).
const complianceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.compliance.path,
  validateSearch: parseComplianceSearch,
  beforeLoad: guard(SCREENS.compliance),
  component: lazyRouteComponent(() => import('../pages/compliance/CompliancePage.js'), 'CompliancePage'),
});
const flowRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.flow.path,
  validateSearch: parseFlowSearch,
  beforeLoad: guard(SCREENS.flow),
  component: lazyRouteComponent(() => import('../pages/flow/FlowPage.js'), 'FlowPage'),
});
const comparisonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.comparison.path,
  validateSearch: parseComparisonSearch,
  beforeLoad: guard(SCREENS.comparison),
  component: lazyRouteComponent(() => import('../pages/comparison/ComparisonPage.js'), 'ComparisonPage'),
});
const indicatorsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.indicators.path,
  validateSearch: parseIndicatorsSearch,
  beforeLoad: guard(SCREENS.indicators),
  component: lazyRouteComponent(() => import('../pages/indicators/IndicatorsPage.js'), 'IndicatorsPage'),
});
const extractsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.extracts.path,
  validateSearch: parseExtractsSearch,
  beforeLoad: guard(SCREENS.extracts),
  component: lazyRouteComponent(() => import('../pages/extracts/ExtractsPage.js'), 'ExtractsPage'),
});
const serviceTargetsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.serviceTargets.path,
  validateSearch: parseServiceTargetsSearch,
  beforeLoad: guard(SCREENS.serviceTargets),
  component: lazyRouteComponent(() => import('../pages/service-targets/ServiceTargetsPage.js'), 'ServiceTargetsPage'),
});
const populationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.population.path,
  validateSearch: parsePopulationSearch,
  beforeLoad: guard(SCREENS.population),
  component: lazyRouteComponent(() => import('../pages/population/PopulationPage.js'), 'PopulationPage'),
});
const baselineRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.baseline.path,
  beforeLoad: guard(SCREENS.baseline),
  component: lazyRouteComponent(() => import('../pages/baseline/BaselinePage.js'), 'BaselinePage'),
});
const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: SCREENS.audit.path,
  validateSearch: parseAuditSearch,
  beforeLoad: guard(SCREENS.audit),
  component: lazyRouteComponent(() => import('../pages/audit/AuditPage.js'), 'AuditPage'),
});
const reportRoutes = [
  complianceRoute,
  flowRoute,
  comparisonRoute,
  indicatorsRoute,
  extractsRoute,
  serviceTargetsRoute,
  populationRoute,
  baselineRoute,
  auditRoute,
];

const routeTree = rootRoute.addChildren([
  loginRoute,
  devLoginRoute,
  callbackRoute,
  loggedOutRoute,
  accessibilityRoute,
  appRoute.addChildren([indexRoute, worklistRoute, newContactRoute, coursesRoute, courseRoute, ...reportRoutes]),
]);

export function createAppRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    defaultPreload: 'intent',
    scrollRestoration: true,
    // Plain query strings (?municipality=751, not ?municipality=%22751%22): every value is read
    // as text and each route's validateSearch gives it its type.
    parseSearch: parseSearchWith((value) => value),
    stringifySearch: stringifySearchWith(JSON.stringify),
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
