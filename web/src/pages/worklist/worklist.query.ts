import { queryOptions } from '@tanstack/react-query';
import { api, reach, unwrap } from '../../api/client.js';
import type { ResponsibleFilter } from '../../components/responsible-filter.js';

/**
 * The working list of one municipality, all of it or (`responsible`) the caller's courses or those without a responsible worker. Shared by the route's loader, which starts the request
 * while the page's code is still loading, and the page, which reads it.
 */
export const worklistQuery = (municipality: string | undefined, responsible?: ResponsibleFilter) =>
  queryOptions({
    queryKey: ['worklist', municipality, responsible ?? 'all'],
    enabled: Boolean(municipality),
    queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/worklist', { params: { query: { municipality, responsible } } }))),
  });

/** The municipality the list shows: the one asked for when the user works for it, else their first. */
export function worklistMunicipality(asked: string | undefined, mine: readonly string[]): string | undefined {
  return asked && mine.includes(asked) ? asked : mine[0];
}
