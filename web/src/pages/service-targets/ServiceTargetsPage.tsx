import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import { problemToFormErrors, type FormErrors } from '../../api/problems.js';
import { meQuery, useMunicipalityNames } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { DataTable, type ColumnDef, type tableFeaturesNone } from '../../components/DataTable.js';
import { describedBy, ErrorSummary, Field, fieldId } from '../../components/forms.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { useToast } from '../../components/Toasts.js';
import { formatDateTime, formatShortDate } from '../../format.js';
import { serviceTargetsQuery } from '../../reports/queries.js';
import { da } from '../../texts.da.js';
import {
  emptyTargetForm,
  errorsOfVersion,
  MUNICIPAL_KINDS,
  TARGET_FIELDS,
  withNewVersion,
  withoutVersion,
  type MunicipalTarget,
  type PutServiceTargets,
  type ServiceTargets,
  type TargetForm,
} from './service-targets.js';

const t = da.serviceTargets;
const NO_ERRORS: FormErrors = { fields: {}, general: [] };
type National = ServiceTargets['national'][number];

const nationalColumns: ColumnDef<typeof tableFeaturesNone, National>[] = [
  { id: 'name', header: t.columns.name, cell: ({ row }) => da.values.target[row.original.name] ?? row.original.name },
  { id: 'kind', header: t.columns.kind, cell: ({ row }) => da.values.targetKind[row.original.kind] },
  { id: 'limit', header: t.columns.limit, cell: ({ row }) => t.days(row.original.limitDays) },
  { id: 'validFrom', header: t.columns.validFrom, cell: ({ row }) => formatShortDate(row.original.validFrom) },
  {
    id: 'validTo',
    header: t.columns.validTo,
    cell: ({ row }) => (row.original.validTo ? formatShortDate(row.original.validTo) : t.openEnded),
  },
];

/**
 * Kommunens servicemål (managers): the national targets, and the municipality's own targets
 * for the treatment with every version and the date it applies from. A manager adds a target
 * or a new version of one, or removes a version; the service judges the courses again.
 */
export function ServiceTargetsPage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const names = useMunicipalityNames();
  const search = useSearch({ from: '/app/kommunens-servicemaal' });
  const navigate = useNavigate({ from: '/kommunens-servicemaal' });
  const mine = me?.municipalities ?? [];
  const code = search.municipality && mine.includes(search.municipality) ? search.municipality : mine[0];
  const targets = useQuery({ ...serviceTargetsQuery(code ?? ''), enabled: Boolean(code) });

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      {mine.length > 1 ? (
        <div className="form-group">
          <label className="form-label" htmlFor="targets-municipality">
            {t.municipality}
          </label>
          <select
            id="targets-municipality"
            className="form-select"
            value={code}
            onChange={(e) => void navigate({ search: { municipality: e.target.value } })}
          >
            {mine.map((c) => (
              <option key={c} value={c}>
                {names[c] ?? da.app.municipalityUnknown(c)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {targets.isPending && code ? <Loading /> : null}
      {targets.isError ? <LoadError retry={() => void targets.refetch()} /> : null}
      {targets.data && code ? <Targets code={code} targets={targets.data} /> : null}
    </>
  );
}

function Targets({ code, targets }: { code: string; targets: ServiceTargets }) {
  const queries = useQueryClient();
  const toast = useToast();
  const form = useForm<TargetForm>({ defaultValues: emptyTargetForm() });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const save = useMutation({
    mutationFn: ({ body }: { body: PutServiceTargets; removing: boolean }) =>
      reach(async () => unwrap(await api.PUT('/api/v1/municipalities/{code}/service-targets', { params: { path: { code } }, body }))),
    onSuccess: async (saved, { removing }) => {
      setErrors(NO_ERRORS);
      if (!removing) form.reset(emptyTargetForm());
      queries.setQueryData(serviceTargetsQuery(code).queryKey, saved);
      // The courses were judged again: every report and working list may have moved.
      await queries.invalidateQueries({ predicate: (q) => ['compliance', 'worklist', 'indicators'].includes(String(q.queryKey[0])) });
      toast({ variant: 'success', heading: removing ? t.removed : t.saved });
    },
    onError: (error) => {
      const problem = error instanceof ApiError ? error.problem : { status: 0 };
      setErrors(problemToFormErrors(errorsOfVersion(problem, targets.municipal.length), TARGET_FIELDS));
    },
  });
  const err = errors.fields;
  const input = (name: string, hint = false) => ({
    id: fieldId(name),
    'aria-invalid': err[name] ? true : undefined,
    'aria-describedby': describedBy(name, hint, err[name]),
  });
  const existingNames = [...new Set(targets.municipal.map((v) => v.name))];
  const municipalColumns: ColumnDef<typeof tableFeaturesNone, MunicipalTarget>[] = [
    { id: 'name', header: t.columns.name, cell: ({ row }) => <code>{row.original.name}</code> },
    { id: 'kind', header: t.columns.kind, cell: ({ row }) => da.values.targetKind[row.original.kind] },
    { id: 'limit', header: t.columns.limit, cell: ({ row }) => t.days(row.original.limitDays) },
    { id: 'validFrom', header: t.columns.validFrom, cell: ({ row }) => formatShortDate(row.original.validFrom) },
    {
      id: 'validTo',
      header: t.columns.validTo,
      cell: ({ row }) => (row.original.validTo ? formatShortDate(row.original.validTo) : t.openEnded),
    },
    { id: 'createdBy', header: t.columns.createdBy, cell: ({ row }) => row.original.createdBy },
    { id: 'createdAt', header: t.columns.createdAt, cell: ({ row }) => formatDateTime(row.original.createdAt) },
    {
      id: 'actions',
      header: t.columns.actions,
      cell: ({ row }) => (
        <button
          type="button"
          className="button button-tertiary"
          aria-label={t.removeNamed(row.original.name, formatShortDate(row.original.validFrom))}
          onClick={() => !save.isPending && save.mutate({ body: withoutVersion(targets.municipal, row.original.id), removing: true })}
        >
          {t.remove}
        </button>
      ),
    },
  ];
  const labels = { name: t.name, kind: t.kind, limitDays: t.limitDays, validFrom: t.validFrom, validTo: t.validTo };

  return (
    <>
      <section aria-labelledby="targets-national" className="mb-6">
        <h2 id="targets-national" className="h3">
          {t.national}
        </h2>
        <DataTable caption={t.national} columns={nationalColumns} rows={targets.national} rowId={(r) => r.name} testId="national-targets" />
      </section>
      <section aria-labelledby="targets-municipal" className="mb-6">
        <h2 id="targets-municipal" className="h3">
          {t.municipal}
        </h2>
        {targets.municipal.length ? (
          <DataTable
            caption={t.municipal}
            columns={municipalColumns}
            rows={targets.municipal}
            rowId={(r) => r.id}
            testId="municipal-targets"
          />
        ) : (
          <p data-testid="municipal-targets-none">{t.none}</p>
        )}
      </section>
      <section aria-labelledby="targets-add">
        <h2 id="targets-add" className="h3">
          {t.add}
        </h2>
        <p className="form-hint">{t.addHint}</p>
        <ErrorSummary fields={err} general={errors.general} labels={labels} />
        <form
          noValidate
          data-testid="target-form"
          onSubmit={form.handleSubmit(
            (values) => !save.isPending && save.mutate({ body: withNewVersion(targets.municipal, values), removing: false }),
          )}
        >
          <Field name="name" label={t.name} hint={t.nameHint} error={err.name}>
            <input
              className="form-input input-width-l"
              autoComplete="off"
              list="target-names"
              {...input('name', true)}
              {...form.register('name')}
            />
            <datalist id="target-names">
              {existingNames.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          </Field>
          <Field name="kind" label={t.kind} error={err.kind}>
            <select className="form-select" {...input('kind')} {...form.register('kind')}>
              <option value="">{t.chooseKind}</option>
              {MUNICIPAL_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {da.values.targetKind[kind]}
                </option>
              ))}
            </select>
          </Field>
          <Field name="limitDays" label={t.limitDays} error={err.limitDays}>
            <input
              type="text"
              inputMode="numeric"
              className="form-input input-width-xs"
              {...input('limitDays')}
              {...form.register('limitDays')}
            />
          </Field>
          <div className="row">
            <div className="col-12 col-md-6">
              <Field name="validFrom" label={t.validFrom} hint={t.dateHint} error={err.validFrom}>
                <input
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  className="form-input input-width-s"
                  {...input('validFrom', true)}
                  {...form.register('validFrom')}
                />
              </Field>
            </div>
            <div className="col-12 col-md-6">
              <Field name="validTo" label={t.validTo} hint={t.dateHint} error={err.validTo} optional>
                <input
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  className="form-input input-width-s"
                  {...input('validTo', true)}
                  {...form.register('validTo')}
                />
              </Field>
            </div>
          </div>
          <button type="submit" className="button button-primary" aria-disabled={save.isPending} data-testid="save-targets">
            {save.isPending ? t.saving : t.submit}
          </button>
        </form>
      </section>
    </>
  );
}
