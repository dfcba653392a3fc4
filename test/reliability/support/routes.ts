import type { TestApp } from '../../support/test-app.js';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Nest's catch-all for unknown paths (404 for every method), which is not a route of the application. */
const NOT_FOUND_HANDLER = '{/*splat}';

/**
 * The routes Express dispatches to in the running application, as `METHOD /path/:param`, read
 * from the router itself (as test/large/evaluator-routes.spec.ts does): whatever a controller or
 * middleware adds shows up here without anyone listing it.
 */
export function servedRoutes(sut: TestApp): string[] {
  const instance = sut.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return instance.router.stack
    .filter((layer) => layer.route && layer.route.path !== NOT_FOUND_HANDLER)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`));
}

/** `GET /api/v1/courses/:id` → `GET /api/v1/courses/{id}`, the document's form. */
export const toOpenApiForm = (route: string) => route.replace(/:(\w+)/g, '{$1}');
