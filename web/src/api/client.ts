import createClient, { type Middleware } from 'openapi-fetch';
import type { Problem } from './problems.js';
import type { paths } from './schema.js';

/** A failed API call, carrying the problem+json body (status 0: the service was not reached). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? `HTTP ${problem.status}`);
  }
}

type TokenSource = { token(): string | undefined; expired(): void };
let tokens: TokenSource = { token: () => undefined, expired: () => undefined };

/** The session module tells the client where the bearer token comes from and whom to tell on a 401. */
export function setTokenSource(source: TokenSource): void {
  tokens = source;
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = tokens.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) tokens.expired();
    return response;
  },
};

/** The typed client for the service's API (types generated from docs/openapi.json: npm run web:api). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/**
 * The body of a successful call, or an ApiError with the problem. For react-query's queryFn and
 * mutationFn: `unwrap(await api.GET('/api/v1/me'))`.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = result.error as Partial<Problem> | undefined;
  throw new ApiError({ ...body, status: result.response.status } as Problem);
}

/** A fetch that never reached the service becomes a problem with status 0. */
export async function reach<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError({ status: 0, detail: error instanceof Error ? error.message : String(error) });
  }
}
