import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import { problemToFormErrors, type FormErrors } from '../../api/problems.js';
import { meQuery, useMunicipalityNames } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { clearDraft, loadDraft, saveDraft } from '../../auth/drafts.js';
import { Choices, describedBy, ErrorSummary, Field, fieldId } from '../../components/forms.js';
import { useToast } from '../../components/Toasts.js';
import { useTitle } from '../../components/status.js';
import { da } from '../../texts.da.js';
import { emptyNewContact, NEW_CONTACT_FIELDS, toCreateCourse, type NewContactForm } from './new-contact.js';

const t = da.newContact;
const DRAFT = 'new-contact';
const CHANNELS = Object.keys(da.values.channel) as (keyof typeof da.values.channel)[];
const CONTACTED_BY = Object.keys(da.values.contactedBy) as (keyof typeof da.values.contactedBy)[];
const FOCUS_AREAS = Object.keys(da.values.focusArea) as (keyof typeof da.values.focusArea)[];

/** Ny henvendelse: registers a first contact, which opens a course. */
export function NewContactPage() {
  useTitle(t.title);
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const names = useMunicipalityNames();
  const toast = useToast();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const municipalities = me?.municipalities ?? [];
  const restored = useRef(loadDraft<NewContactForm>(DRAFT));
  const form = useForm<NewContactForm>({
    defaultValues: { ...emptyNewContact(municipalities.length === 1 ? municipalities[0] : ''), ...restored.current },
  });
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  // One key per intended submission: a double click, or a retry after a lost answer, sends the
  // same key and the service creates one course. Any change to the form makes a new intent.
  const idempotencyKey = useRef<string | undefined>(undefined);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/incompatible-library -- a subscription inside an effect, never memoised
    const watcher = form.watch((values) => {
      idempotencyKey.current = undefined;
      saveDraft(DRAFT, values as Record<string, unknown>, ['cpr']);
    });
    return () => watcher.unsubscribe();
  }, [form]);

  const create = useMutation({
    mutationFn: (values: NewContactForm) =>
      reach(async () => {
        idempotencyKey.current ??= crypto.randomUUID();
        return unwrap(
          await api.POST('/api/v1/courses', { body: toCreateCourse(values), headers: { 'Idempotency-Key': idempotencyKey.current } }),
        );
      }),
    onSuccess: async (course) => {
      idempotencyKey.current = undefined;
      clearDraft(DRAFT);
      setErrors({ fields: {}, general: [] });
      toast({ variant: 'success', heading: t.created });
      await queries.invalidateQueries({ queryKey: ['worklist'] });
      await navigate({ to: '/arbejdsliste', search: { municipality: course.municipalityCode } });
    },
    onError: (error) => {
      const problem = error instanceof ApiError ? error.problem : { status: 0 };
      setErrors(problemToFormErrors(problem, NEW_CONTACT_FIELDS));
    },
  });

  // A second click while the first is on its way sends nothing; should it get through anyway
  // (or the answer be lost and the user try again), the idempotency key above makes it harmless.
  const inFlight = useRef(false);
  const submit = form.handleSubmit((values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    create.mutate(values, { onSettled: () => void (inFlight.current = false) });
  });
  const err = errors.fields;
  const input = (name: string, hint = false) => ({
    id: fieldId(name),
    'aria-invalid': err[name] ? true : undefined,
    'aria-describedby': describedBy(name, hint, err[name]),
  });

  return (
    <>
      <h1>{t.title}</h1>
      <p className="font-lead">{t.intro}</p>
      {restored.current ? <p className="form-hint">{da.session.draftRestored}</p> : null}
      <ErrorSummary fields={err} general={errors.general} labels={da.fields} />
      <form onSubmit={submit} noValidate data-testid="new-contact-form">
        {municipalities.length === 1 ? (
          <input type="hidden" {...form.register('municipalityCode')} />
        ) : (
          <Field name="municipalityCode" label={da.fields.municipalityCode} error={err.municipalityCode}>
            <select className="form-select" {...input('municipalityCode')} {...form.register('municipalityCode')}>
              <option value="">{t.chooseMunicipality}</option>
              {municipalities.map((code) => (
                <option key={code} value={code}>
                  {names[code] ?? da.app.municipalityUnknown(code)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <div className="row">
          <div className="col-12 col-md-6">
            <Field name="firstContact.date" label={da.fields['firstContact.date']} hint={t.dateHint} error={err['firstContact.date']}>
              <input
                type="text"
                inputMode="numeric"
                autoComplete="off"
                className="form-input input-width-s"
                {...input('firstContact.date', true)}
                {...form.register('firstContact.date')}
              />
            </Field>
          </div>
          <div className="col-12 col-md-6">
            <Field
              name="firstContact.time"
              label={da.fields['firstContact.time']}
              hint={t.timeHint}
              error={err['firstContact.time']}
              optional
            >
              <input
                type="text"
                inputMode="numeric"
                autoComplete="off"
                className="form-input input-width-xs"
                {...input('firstContact.time', true)}
                {...form.register('firstContact.time')}
              />
            </Field>
          </div>
        </div>
        <Choices name="firstContact.channel" legend={da.fields['firstContact.channel']} error={err['firstContact.channel']}>
          {CHANNELS.map((value) => (
            <div className="form-group-radio" key={value}>
              <input type="radio" className="form-radio" id={`channel-${value}`} value={value} {...form.register('firstContact.channel')} />
              <label className="form-label" htmlFor={`channel-${value}`}>
                {da.values.channel[value]}
              </label>
            </div>
          ))}
        </Choices>
        <Choices name="firstContact.contactedBy" legend={da.fields['firstContact.contactedBy']} error={err['firstContact.contactedBy']}>
          {CONTACTED_BY.map((value) => (
            <div className="form-group-radio" key={value}>
              <input
                type="radio"
                className="form-radio"
                id={`contacted-by-${value}`}
                value={value}
                {...form.register('firstContact.contactedBy')}
              />
              <label className="form-label" htmlFor={`contacted-by-${value}`}>
                {da.values.contactedBy[value]}
              </label>
            </div>
          ))}
        </Choices>
        <Choices name="clearlyInTargetGroup" legend={da.fields.clearlyInTargetGroup} error={err.clearlyInTargetGroup}>
          {(['true', 'false'] as const).map((value) => (
            <div className="form-group-radio" key={value}>
              <input
                type="radio"
                className="form-radio"
                id={`target-group-${value}`}
                value={value}
                {...form.register('clearlyInTargetGroup')}
              />
              <label className="form-label" htmlFor={`target-group-${value}`}>
                {value === 'true' ? da.values.yes : da.values.no}
              </label>
            </div>
          ))}
        </Choices>
        <Field name="cpr" label={da.fields.cpr} hint={t.cprHint} error={err.cpr} optional>
          <input
            type="text"
            inputMode="numeric"
            autoComplete="off"
            className="form-input input-width-s"
            {...input('cpr', true)}
            {...form.register('cpr')}
          />
        </Field>
        <Choices name="focusAreas" legend={da.fields.focusAreas} error={err.focusAreas} optional>
          {FOCUS_AREAS.map((value) => (
            <div className="form-group-checkbox" key={value}>
              <input type="checkbox" className="form-checkbox" id={`focus-${value}`} value={value} {...form.register('focusAreas')} />
              <label className="form-label" htmlFor={`focus-${value}`}>
                {da.values.focusArea[value]}
              </label>
            </div>
          ))}
        </Choices>
        <button type="submit" className="button button-primary mt-5" aria-disabled={create.isPending} data-testid="submit">
          {create.isPending ? t.saving : t.submit}
        </button>
      </form>
    </>
  );
}
