import { queryOptions } from '@tanstack/react-query';
import { api, reach, unwrap } from '../api/client.js';
import type { components, paths } from '../api/schema.js';

type ReportQuery = paths['/api/v1/reports/compliance']['get']['parameters']['query'];

/** GET /api/v1/reports/compliance for one filter. */
export const complianceReportQuery = (query: ReportQuery) =>
  queryOptions({
    queryKey: ['compliance', query],
    // The route answers JSON unless asked for text/csv (complianceCsv below).
    queryFn: () =>
      reach(
        async () => unwrap(await api.GET('/api/v1/reports/compliance', { params: { query } })) as components['schemas']['ComplianceReport'],
      ),
  });

/** GET /api/v1/reports/flow for one filter. */
export const flowReportQuery = (query: ReportQuery) =>
  queryOptions({
    queryKey: ['flow', query],
    queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/reports/flow', { params: { query } }))),
  });

/** The national targets and one municipality's own (GET /api/v1/municipalities/{code}/service-targets). */
export const serviceTargetsQuery = (code: string) =>
  queryOptions({
    queryKey: ['service-targets', code],
    queryFn: () =>
      reach(async () => unwrap(await api.GET('/api/v1/municipalities/{code}/service-targets', { params: { path: { code } } }))),
  });

/** The compliance report as the service's own CSV (Accept: text/csv), with its file name. */
export async function complianceCsv(query: ReportQuery): Promise<{ text: string; fileName: string | null }> {
  return reach(async () => {
    const result = await api.GET('/api/v1/reports/compliance', { params: { query }, headers: { Accept: 'text/csv' }, parseAs: 'text' });
    return { text: unwrap(result) as unknown as string, fileName: result.response.headers.get('content-disposition') };
  });
}
