import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import { problemMessage, problemToFormErrors, type FormErrors } from '../../api/problems.js';
import { meQuery, useMunicipalityNames } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { DataTable, type ColumnDef, type tableFeaturesNone } from '../../components/DataTable.js';
import { downloadBlob } from '../../components/download.js';
import { Choices, describedBy, ErrorSummary, Field, fieldId } from '../../components/forms.js';
import { useIdempotencyKey } from '../../components/idempotency.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { useToast } from '../../components/Toasts.js';
import { formatBytes, formatDate, formatDateTime, formatNumber } from '../../format.js';
import { fileNameFrom } from '../compliance/compliance.js';
import { da } from '../../texts.da.js';
import {
  emptyExtractForm,
  EXTRACT_FIELDS,
  EXTRACT_FORMATS,
  EXTRACT_KINDS,
  isUnderWay,
  POLL_MS,
  progressPercent,
  toCreateExtract,
  type CreateRecipient,
  type ExtractForm,
  type ExtractManifest,
} from './extracts.js';

const t = da.extracts;
const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const recipientsQuery = {
  queryKey: ['extract-recipients'],
  queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/extract-recipients'))),
};

/**
 * Udtræk: the anonymised evaluation extracts. Evaluators choose a recipient, the kind, the
 * period and the format; the service queues the extract and makes it in the background, and the
 * page follows it (status and progress, asked for every second while it is under way), offers to
 * cancel it, and offers the file once it is ready; administrators register the
 * recipients (the service makes each one's key). The page never holds anything about a child
 * but counts; the file goes from the service to the user's disk.
 */
export function ExtractsPage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const evaluator = Boolean(me?.roles.includes('evaluator'));
  const admin = Boolean(me?.roles.includes('admin'));
  const recipients = useQuery(recipientsQuery);
  const search = useSearch({ from: '/app/udtraek' });

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      <section aria-labelledby="extract-recipients" className="mb-6">
        <h2 id="extract-recipients" className="h3">
          {t.recipients}
        </h2>
        {recipients.isPending ? <Loading /> : null}
        {recipients.isError ? <LoadError retry={() => void recipients.refetch()} /> : null}
        {recipients.data ? (
          recipients.data.items.length ? (
            <DataTable
              caption={t.recipients}
              testId="recipients-table"
              rowId={(row) => row.id}
              rows={recipients.data.items}
              columns={recipientColumns}
            />
          ) : (
            <p>{t.noRecipients}</p>
          )
        ) : null}
        {admin ? <RecipientForm /> : null}
      </section>
      {evaluator ? (
        <>
          <CreateExtract recipients={recipients.data?.items ?? []} />
          {search.udtraek ? <Manifest id={search.udtraek} /> : null}
          <ExtractList />
        </>
      ) : null}
    </>
  );
}

type Recipient = { id: string; name: string; createdAt: string };
const recipientColumns: ColumnDef<typeof tableFeaturesNone, Recipient>[] = [
  { id: 'id', header: t.recipientId, cell: ({ row }) => <code>{row.original.id}</code> },
  { id: 'name', header: t.recipientName, cell: ({ row }) => row.original.name },
  { id: 'createdAt', header: t.recipientCreatedAt, cell: ({ row }) => formatDateTime(row.original.createdAt) },
];

function RecipientForm() {
  const queries = useQueryClient();
  const toast = useToast();
  const form = useForm<CreateRecipient>({ defaultValues: { id: '', name: '' } });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const key = useIdempotencyKey(form);
  const create = useMutation({
    mutationFn: (body: CreateRecipient) =>
      reach(async () => unwrap(await api.POST('/api/v1/extract-recipients', { body, headers: { 'Idempotency-Key': key.get() } }))),
    onSuccess: async () => {
      key.reset();
      setErrors(NO_ERRORS);
      form.reset({ id: '', name: '' });
      toast({ variant: 'success', heading: t.recipientCreated });
      await queries.invalidateQueries({ queryKey: ['extract-recipients'] });
    },
    onError: (error) => setErrors(problemToFormErrors(error instanceof ApiError ? error.problem : { status: 0 }, ['id', 'name'])),
  });
  const err = errors.fields;
  return (
    <form
      className="mt-5"
      noValidate
      data-testid="recipient-form"
      onSubmit={form.handleSubmit((values) => !create.isPending && create.mutate(values))}
    >
      <h3 className="h4">{t.newRecipient}</h3>
      <ErrorSummary fields={err} general={errors.general} labels={{ id: t.recipientId, name: t.recipientName }} />
      <Field name="id" label={t.recipientId} hint={t.recipientIdHint} error={err.id}>
        <input
          className="form-input input-width-l"
          id={fieldId('id')}
          autoComplete="off"
          aria-invalid={err.id ? true : undefined}
          aria-describedby={describedBy('id', true, err.id)}
          {...form.register('id')}
        />
      </Field>
      <Field name="name" label={t.recipientName} error={err.name}>
        <input
          className="form-input"
          id={fieldId('name')}
          autoComplete="off"
          aria-invalid={err.name ? true : undefined}
          aria-describedby={describedBy('name', false, err.name)}
          {...form.register('name')}
        />
      </Field>
      <button type="submit" className="button button-primary" aria-disabled={create.isPending}>
        {t.createRecipient}
      </button>
    </form>
  );
}

function CreateExtract({ recipients }: { recipients: Recipient[] }) {
  const queries = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate({ from: '/udtraek' });
  const form = useForm<ExtractForm>({ defaultValues: emptyExtractForm() });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const key = useIdempotencyKey(form);
  const create = useMutation({
    mutationFn: (values: ExtractForm) =>
      reach(async () =>
        unwrap(await api.POST('/api/v1/extracts', { body: toCreateExtract(values), headers: { 'Idempotency-Key': key.get() } })),
      ),
    onSuccess: async (manifest) => {
      key.reset();
      setErrors(NO_ERRORS);
      toast({ variant: 'success', heading: t.created });
      queries.setQueryData(['extract', manifest.id], manifest);
      await queries.invalidateQueries({ queryKey: ['extracts'] });
      await navigate({ search: { udtraek: manifest.id } });
    },
    onError: (error) => setErrors(problemToFormErrors(error instanceof ApiError ? error.problem : { status: 0 }, EXTRACT_FIELDS)),
  });
  const err = errors.fields;
  const input = (name: string, hint = false) => ({
    id: fieldId(name),
    'aria-invalid': err[name] ? true : undefined,
    'aria-describedby': describedBy(name, hint, err[name]),
  });
  const labels = { recipient: t.recipient, kind: t.kind, from: t.from, to: t.to, format: t.format, municipalities: t.municipalities };
  return (
    <section aria-labelledby="extract-create" className="mb-6">
      <h2 id="extract-create" className="h3">
        {t.create}
      </h2>
      <ErrorSummary fields={err} general={errors.general} labels={labels} />
      <form noValidate data-testid="extract-form" onSubmit={form.handleSubmit((values) => !create.isPending && create.mutate(values))}>
        <Field name="recipient" label={t.recipient} error={err.recipient}>
          <select className="form-select" {...input('recipient')} {...form.register('recipient')}>
            <option value="">{t.chooseRecipient}</option>
            {recipients.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.id})
              </option>
            ))}
          </select>
        </Field>
        <Choices name="kind" legend={t.kind} error={err.kind}>
          {EXTRACT_KINDS.map((kind) => (
            <div className="form-group-radio" key={kind}>
              <input type="radio" className="form-radio" id={`kind-${kind}`} value={kind} {...form.register('kind')} />
              <label className="form-label" htmlFor={`kind-${kind}`}>
                {t.kinds[kind]}
              </label>
            </div>
          ))}
        </Choices>
        <div className="row">
          <div className="col-12 col-md-6">
            <Field name="from" label={t.from} hint={da.newContact.dateHint} error={err.from}>
              <input
                type="text"
                inputMode="numeric"
                autoComplete="off"
                className="form-input input-width-s"
                {...input('from', true)}
                {...form.register('from')}
              />
            </Field>
          </div>
          <div className="col-12 col-md-6">
            <Field name="to" label={t.to} hint={da.newContact.dateHint} error={err.to}>
              <input
                type="text"
                inputMode="numeric"
                autoComplete="off"
                className="form-input input-width-s"
                {...input('to', true)}
                {...form.register('to')}
              />
            </Field>
          </div>
        </div>
        <Choices name="format" legend={t.format} error={err.format}>
          {EXTRACT_FORMATS.map((format) => (
            <div className="form-group-radio" key={format}>
              <input type="radio" className="form-radio" id={`format-${format}`} value={format} {...form.register('format')} />
              <label className="form-label" htmlFor={`format-${format}`}>
                {t.formats[format]}
              </label>
            </div>
          ))}
        </Choices>
        <Field name="municipalities" label={t.municipalities} hint={t.municipalitiesHint} error={err.municipalities} optional>
          <input
            type="text"
            autoComplete="off"
            className="form-input input-width-l"
            {...input('municipalities', true)}
            {...form.register('municipalities')}
          />
        </Field>
        <button type="submit" className="button button-primary" aria-disabled={create.isPending} data-testid="create-extract">
          {create.isPending ? t.creating : t.submit}
        </button>
      </form>
    </section>
  );
}

/** Fetches the file with the bearer token and saves it under the service's file name. */
function useDownload() {
  const toast = useToast();
  return async (manifest: ExtractManifest) => {
    try {
      const file = await reach(async () => {
        const result = await api.GET('/api/v1/extracts/{id}/file', { params: { path: { id: manifest.id } }, parseAs: 'blob' });
        return { blob: unwrap(result) as unknown as Blob, name: result.response.headers.get('content-disposition') };
      });
      downloadBlob(fileNameFrom(file.name, `extract-${manifest.id}`), file.blob);
      toast({ variant: 'success', heading: t.downloaded });
    } catch (error) {
      toast({ variant: 'error', heading: problemMessage(error instanceof ApiError ? error.problem : { status: 0 }) });
    }
  };
}

/** Cancels a queued or running extract; the page then shows it cancelled. */
function useCancel() {
  const toast = useToast();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => reach(async () => unwrap(await api.POST('/api/v1/extracts/{id}/cancel', { params: { path: { id } } }))),
    onSuccess: async (extract) => {
      queries.setQueryData(['extract', extract.id], extract);
      toast({ variant: 'success', heading: t.cancelled });
      await queries.invalidateQueries({ queryKey: ['extracts'] });
    },
    onError: (error) => toast({ variant: 'error', heading: problemMessage(error instanceof ApiError ? error.problem : { status: 0 }) }),
  });
}

function Progress({ m }: { m: ExtractManifest }) {
  const percent = progressPercent(m.progress);
  const text = t.progressOf(
    formatNumber(m.progress.rowsDone),
    m.progress.rowsExpected === null ? null : formatNumber(m.progress.rowsExpected),
  );
  return (
    <span data-testid="extract-progress">
      {percent !== null && isUnderWay(m.status) ? (
        <progress max={100} value={percent} aria-label={t.fields.progress} className="mr-3">
          {percent} %
        </progress>
      ) : null}
      {text}
    </span>
  );
}

function Manifest({ id }: { id: string }) {
  const names = useMunicipalityNames();
  const download = useDownload();
  const cancel = useCancel();
  const queries = useQueryClient();
  const manifest = useQuery({
    queryKey: ['extract', id],
    queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/extracts/{id}', { params: { path: { id } } }))),
    // Asked again while the job is at work; once it has finished, the list is brought up to date.
    refetchInterval: (query) => (query.state.data && isUnderWay(query.state.data.status) ? POLL_MS : false),
  });
  const status = manifest.data?.status;
  useEffect(() => {
    if (status && !isUnderWay(status)) void queries.invalidateQueries({ queryKey: ['extracts'] });
  }, [status, queries]);
  if (manifest.isPending) return <Loading />;
  if (manifest.isError) {
    return <LoadError message={problemMessage(manifest.error instanceof ApiError ? manifest.error.problem : { status: 0 })} />;
  }
  const m = manifest.data;
  const f = t.fields;
  const p = m.parameters;
  const rows: [string, ReactNode][] = [
    [
      f.status,
      <strong key="status" data-testid="extract-status">
        {t.statuses[m.status]}
      </strong>,
    ],
    [f.progress, <Progress key="progress" m={m} />],
    ...(m.error ? ([[f.error, t.errors[m.error] ?? m.error]] as [string, ReactNode][]) : []),
    [f.id, <code key="id">{m.id}</code>],
    [f.recipient, m.recipient],
    [f.kind, t.kinds[p.kind]],
    [f.format, t.formats[p.format]],
    [f.period, t.period(formatDate(p.from), formatDate(p.to))],
    [
      f.municipalities,
      p.municipalities ? p.municipalities.map((c) => names[c] ?? da.app.municipalityUnknown(c)).join(', ') : t.allMunicipalities,
    ],
    [f.referenceDate, formatDate(m.referenceDate)],
    [f.schemaVersion, m.schemaVersion],
    [f.rowCount, m.rowCount === null ? '–' : formatNumber(m.rowCount)],
    [f.byteCount, m.byteCount === null ? '–' : formatBytes(m.byteCount)],
    [f.sha256, <code key="sha">{m.sha256 ?? '–'}</code>],
    [f.createdBy, m.createdBy],
    [f.createdAt, formatDateTime(m.createdAt)],
  ];
  return (
    <section aria-labelledby="extract-manifest" className="mb-6" data-testid="manifest">
      <h2 id="extract-manifest" className="h3">
        {t.manifestOf(formatDateTime(m.createdAt))}
      </h2>
      <dl className="manifest" aria-live="polite">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {m.status === 'ready' ? (
        <button type="button" className="button button-primary" onClick={() => void download(m)} data-testid="download-extract">
          {t.download}
        </button>
      ) : null}
      {isUnderWay(m.status) ? (
        <>
          <p>{t.notReady}</p>
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={cancel.isPending}
            onClick={() => !cancel.isPending && cancel.mutate(m.id)}
            data-testid="cancel-extract"
          >
            {t.cancel}
          </button>
        </>
      ) : null}
    </section>
  );
}

function ExtractList() {
  const navigate = useNavigate({ from: '/udtraek' });
  const download = useDownload();
  const list = useQuery({
    queryKey: ['extracts'],
    queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/extracts'))),
    refetchInterval: (query) => (query.state.data?.items.some((e) => isUnderWay(e.status)) ? POLL_MS : false),
  });
  const columns: ColumnDef<typeof tableFeaturesNone, ExtractManifest>[] = [
    { id: 'createdAt', header: t.fields.createdAt, cell: ({ row }) => formatDateTime(row.original.createdAt) },
    { id: 'recipient', header: t.fields.recipient, cell: ({ row }) => row.original.recipient },
    { id: 'kind', header: t.fields.kind, cell: ({ row }) => t.kinds[row.original.parameters.kind] },
    {
      id: 'period',
      header: t.fields.period,
      cell: ({ row }) => t.period(formatDate(row.original.parameters.from), formatDate(row.original.parameters.to)),
    },
    { id: 'status', header: t.fields.status, cell: ({ row }) => t.statuses[row.original.status] },
    {
      id: 'rows',
      header: t.fields.rowCount,
      cell: ({ row }) => (row.original.rowCount === null ? '–' : formatNumber(row.original.rowCount)),
    },
    {
      id: 'actions',
      header: '',
      cell: ({ row }) => (
        <span className="text-nowrap">
          <button
            type="button"
            className="button button-tertiary"
            aria-label={t.showNamed(formatDateTime(row.original.createdAt))}
            onClick={() => void navigate({ search: { udtraek: row.original.id } })}
          >
            {t.show}
          </button>
          {row.original.status === 'ready' ? (
            <>
              {' '}
              <button
                type="button"
                className="button button-tertiary"
                aria-label={t.downloadNamed(formatDateTime(row.original.createdAt))}
                onClick={() => void download(row.original)}
              >
                {t.download}
              </button>
            </>
          ) : null}
        </span>
      ),
    },
  ];
  return (
    <section aria-labelledby="extract-list">
      <h2 id="extract-list" className="h3">
        {t.list}
      </h2>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError retry={() => void list.refetch()} /> : null}
      {list.data ? (
        list.data.items.length ? (
          <DataTable caption={t.list} columns={columns} rows={list.data.items} rowId={(row) => row.id} testId="extracts-table" />
        ) : (
          <p>{t.noExtracts}</p>
        )
      ) : null}
    </section>
  );
}
