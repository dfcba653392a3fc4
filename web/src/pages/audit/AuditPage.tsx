import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import { problemMessage } from '../../api/problems.js';
import { meQuery, municipalitiesQuery } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { DataTable, type ColumnDef, type tableFeaturesNone } from '../../components/DataTable.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { formatDateTime } from '../../format.js';
import { da } from '../../texts.da.js';
import { auditQuery, detailsLines, type AuditEntry, type AuditSearch } from './audit.js';

const t = da.audit;
const PAGE_SIZE = 50;

const columns: ColumnDef<typeof tableFeaturesNone, AuditEntry>[] = [
  {
    id: 'occurredAt',
    header: t.columns.occurredAt,
    cell: ({ row }) => <span className="text-nowrap">{formatDateTime(row.original.occurredAt)}</span>,
  },
  {
    id: 'actor',
    header: t.columns.actor,
    cell: ({ row }) => (
      <>
        {row.original.actorSub === 'system' ? t.system : row.original.actorSub}
        <br />
        <span className="form-hint">
          {row.original.actorRole
            .split(',')
            .map((role) => da.auth.roles[role as keyof typeof da.auth.roles] ?? role)
            .join(', ')}
        </span>
      </>
    ),
  },
  { id: 'action', header: t.columns.action, cell: ({ row }) => t.actions[row.original.action] },
  {
    id: 'resource',
    header: t.columns.resource,
    cell: ({ row }) => (
      <>
        {t.resourceTypes[row.original.resourceType] ?? row.original.resourceType}
        {row.original.resourceId ? (
          <>
            <br />
            <code className="audit-id">{row.original.resourceId}</code>
          </>
        ) : null}
      </>
    ),
  },
  {
    id: 'outcome',
    header: t.columns.outcome,
    cell: ({ row }) => (
      // The outcome in words, and in colour beside them.
      <span className={`badge badge-small ${row.original.outcome === 'failed' ? 'badge-error' : 'badge-success'}`}>
        {t.outcomes[row.original.outcome]}
      </span>
    ),
  },
  { id: 'purpose', header: t.columns.purpose, cell: ({ row }) => row.original.purpose ?? '' },
  {
    id: 'details',
    header: t.columns.details,
    // One line a key, in a column wide enough to read; the table scrolls sideways when narrow.
    cell: ({ row }) => (
      <span className="audit-details">
        {detailsLines(row.original.details).map((line, i) => (
          <code key={i}>{line}</code>
        ))}
      </span>
    ),
  },
];

/**
 * Revisionsspor (managers: their municipalities; administrators: everything): who read or
 * changed what and when, newest first, filtered and paged from the URL.
 */
export function AuditPage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const { data: municipalities } = useQuery(municipalitiesQuery);
  const search = useSearch({ from: '/app/revisionsspor' });
  const navigate = useNavigate({ from: '/revisionsspor' });
  const admin = Boolean(me?.roles.includes('admin'));
  const [draft, setDraft] = useState<AuditSearch>(search);
  const [draftFor, setDraftFor] = useState(search);
  if (draftFor !== search) {
    setDraftFor(search);
    setDraft(search);
  }
  const query = auditQuery(search, PAGE_SIZE);
  const list = useQuery({
    queryKey: ['audit', query],
    queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/audit', { params: { query } }))),
  });
  const choices = admin
    ? (municipalities?.items ?? []).map((m) => ({ code: m.code, name: m.name }))
    : (me?.municipalities ?? []).map((code) => ({
        code,
        name: municipalities?.items.find((m) => m.code === code)?.name ?? da.app.municipalityUnknown(code),
      }));
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const page = search.page ?? 1;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ search: { ...draft, page: undefined } });
  };
  const set = (patch: Partial<AuditSearch>) => setDraft({ ...draft, ...patch });

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <form className="row filter-row" onSubmit={onSubmit} data-testid="audit-filters">
        {choices.length > 1 ? (
          <div className="form-group col-12 col-md-6 col-xl-4">
            <label className="form-label" htmlFor="audit-municipality">
              {t.municipality}
            </label>
            <select
              id="audit-municipality"
              className="form-select"
              value={draft.municipality ?? ''}
              onChange={(e) => set({ municipality: e.target.value || undefined })}
            >
              <option value="">{t.allMunicipalities}</option>
              {choices.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="form-group col-12 col-md-6 col-xl-4">
          <label className="form-label" htmlFor="audit-resource-type">
            {t.resourceType}
          </label>
          <select
            id="audit-resource-type"
            className="form-select"
            value={draft.resourceType ?? ''}
            onChange={(e) => set({ resourceType: e.target.value || undefined })}
          >
            <option value="">{t.anyResourceType}</option>
            {Object.entries(t.resourceTypes).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-group col-12 col-md-6 col-xl-4">
          <label className="form-label" htmlFor="audit-resource-id">
            {t.resourceId}
          </label>
          <input
            id="audit-resource-id"
            className="form-input"
            autoComplete="off"
            value={draft.resourceId ?? ''}
            onChange={(e) => set({ resourceId: e.target.value || undefined })}
          />
        </div>
        <div className="form-group col-12 col-md-6 col-xl-4">
          <label className="form-label" htmlFor="audit-actor">
            {t.actor}
          </label>
          <input
            id="audit-actor"
            className="form-input"
            autoComplete="off"
            value={draft.actor ?? ''}
            onChange={(e) => set({ actor: e.target.value || undefined })}
          />
        </div>
        <div className="form-group col-12 col-md-6 col-xl-4">
          <label className="form-label" htmlFor="audit-from">
            {t.from}
          </label>
          <input
            id="audit-from"
            type="date"
            className="form-input"
            value={draft.from ?? ''}
            onChange={(e) => set({ from: e.target.value || undefined })}
          />
        </div>
        <div className="form-group col-12 col-md-6 col-xl-4">
          <label className="form-label" htmlFor="audit-to">
            {t.to}
          </label>
          <input
            id="audit-to"
            type="date"
            className="form-input"
            value={draft.to ?? ''}
            onChange={(e) => set({ to: e.target.value || undefined })}
          />
        </div>
        <div className="col-12">
          <button type="submit" className="button button-primary">
            {t.search}
          </button>
        </div>
      </form>
      {list.isPending ? <Loading /> : null}
      {list.isError ? (
        <LoadError
          message={problemMessage(list.error instanceof ApiError ? list.error.problem : { status: 0 })}
          retry={() => void list.refetch()}
        />
      ) : null}
      {list.data ? (
        <section aria-labelledby="audit-result">
          <h2 id="audit-result" className="h3" role="status" data-testid="audit-total">
            {t.total(list.data.total)}
          </h2>
          {list.data.items.length ? (
            <DataTable caption={t.title} columns={columns} rows={list.data.items} rowId={(r) => r.id} testId="audit-table" />
          ) : (
            <p>{t.empty}</p>
          )}
          {pages > 1 ? (
            <nav className="pagination" aria-label={t.page(page, pages)}>
              <button
                type="button"
                className="button button-secondary"
                disabled={page <= 1}
                onClick={() => void navigate({ search: (prev) => ({ ...prev, page: page - 1 > 1 ? page - 1 : undefined }) })}
              >
                {t.previous}
              </button>
              <span className="pagination-number" data-testid="audit-page">
                {t.page(page, pages)}
              </span>
              <button
                type="button"
                className="button button-secondary"
                disabled={page >= pages}
                onClick={() => void navigate({ search: (prev) => ({ ...prev, page: page + 1 }) })}
              >
                {t.next}
              </button>
            </nav>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
