import { queryOptions, useQuery } from '@tanstack/react-query';
import { useSession } from '../auth/AuthContext.js';
import { fetchMe } from '../auth/session.js';
import { api, reach, unwrap } from './client.js';

/** The caller (GET /api/v1/me), per token. */
export const meQuery = (token: string | undefined) =>
  queryOptions({ queryKey: ['me', token], queryFn: () => reach(fetchMe), enabled: Boolean(token), staleTime: Infinity, retry: false });

/** The 98 municipalities (code, name, region): reference data, read once. */
export const municipalitiesQuery = queryOptions({
  queryKey: ['municipalities'],
  queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/municipalities'))),
  staleTime: Infinity,
});

/** Code → name ("751" → "Aarhus"), empty until loaded. */
export function useMunicipalityNames(): Record<string, string> {
  const session = useSession();
  const { data } = useQuery({ ...municipalitiesQuery, enabled: Boolean(session) });
  return Object.fromEntries((data?.items ?? []).map((m) => [m.code, m.name]));
}
