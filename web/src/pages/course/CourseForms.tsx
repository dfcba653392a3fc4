import { useState } from 'react';
import { useForm, useWatch, type FieldValues, type UseFormReturn } from 'react-hook-form';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { FormErrors } from '../../api/problems.js';
import { meQuery } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { clearDraft, loadDraft } from '../../auth/drafts.js';
import { formatShortDate } from '../../format.js';
import { da } from '../../texts.da.js';
import {
  BOOKABLE_TYPES,
  contactFields,
  danishToday,
  emptyContactForm,
  NEW_STATUSES,
  OUTCOMES_BY_TYPE,
  RECORD_STATUSES,
  recordContactForm,
  responsibleDefault,
  toClose,
  toConsent,
  toCpr,
  toCreateContact,
  toReason,
  toRecordContact,
  toReferral,
  type CloseForm,
  type ConsentForm,
  type Contact,
  type ContactForm,
  type ContactType,
  type ReasonForm,
  type Referral,
  type ReferralForm,
  type ResponsibleChoice,
} from './course.js';
import { ActionPanel, courseDraftKey, useCourse, useCourseAction, type Sent } from './CourseAction.js';
import { choices, Options, Select, TextArea, TextInput } from './inputs.js';

const t = da.course;
const f = t.fields;
const v = da.values;
const FOCUS_AREAS = Object.keys(v.focusArea) as (keyof typeof v.focusArea)[];
const DESTINATIONS = Object.keys(v.destination) as (keyof typeof v.destination)[];
const CLOSURE_REASONS = Object.keys(v.closureReason) as (keyof typeof v.closureReason)[];
const CONSENT_GIVERS = Object.keys(v.consentGiver) as (keyof typeof v.consentGiver)[];
const CONSENT_SCOPES = Object.keys(v.consentScope) as (keyof typeof v.consentScope)[];
const MODES = Object.keys(v.mode) as (keyof typeof v.mode)[];

/** Every form closes itself when done or cancelled; cancelling forgets its draft. */
interface PanelProps {
  onClose: () => void;
}

/** The form's values, from its draft when one was kept (session expiry), else the defaults. */
function useDraftForm<V extends FieldValues>(draftKey: string, defaults: V): UseFormReturn<V> {
  // Read once: useForm takes its default values on the first render only.
  const [initial] = useState<V>(() => ({ ...defaults, ...(loadDraft<V>(draftKey) ?? {}) }));
  return useForm<V>({ defaultValues: initial as never });
}

const ifMatch = (version: number) => `"${version}"`;

// ---- contacts ---------------------------------------------------------------------------------

/** The contact's inputs: which show depends on its type, status and outcome (contactFields). */
function ContactInputs({
  form,
  errors,
  fixedType,
  statuses,
}: {
  form: UseFormReturn<ContactForm>;
  errors: FormErrors['fields'];
  fixedType?: ContactType;
  statuses: readonly (keyof typeof v.contactStatus)[];
}) {
  const [typed, status, outcome] = useWatch({ control: form.control, name: ['type', 'status', 'outcome'] });
  const type = fixedType ?? typed;
  const shown = contactFields(type, status, outcome);
  const outcomes = OUTCOMES_BY_TYPE[type as ContactType] ?? [];
  const isScreening = type === 'screening';
  return (
    <>
      {fixedType ? null : (
        <Select
          reg={form.register('type')}
          label={f.type}
          error={errors.type}
          options={choices(BOOKABLE_TYPES, v.contactType)}
          placeholder={f.chooseType}
        />
      )}
      <Options reg={form.register('status')} legend={f.status} error={errors.status} options={choices(statuses, v.contactStatus)} />
      <div className="row">
        <div className="col-12 col-md-6">
          <TextInput reg={form.register('date')} label={f.date} hint={t.dateHint} error={errors.date} numeric />
        </div>
        <div className="col-12 col-md-6">
          <TextInput
            reg={form.register('time')}
            label={f.time}
            hint={t.timeHint}
            error={errors.time}
            optional
            numeric
            width="input-width-xs"
          />
        </div>
      </div>
      {shown.includes('outcome') ? (
        <Options reg={form.register('outcome')} legend={f.outcome} error={errors.outcome} options={choices(outcomes, v.outcome)} />
      ) : null}
      {shown.includes('participants') ? (
        <Options
          reg={form.register('participants')}
          legend={f.participants}
          error={errors.participants}
          options={choices(['child_present', 'carers_only'] as const, v.participants)}
        />
      ) : null}
      {shown.includes('delivery') ? (
        <Options
          reg={form.register('delivery')}
          legend={isScreening ? f.recommendedDelivery : f.delivery}
          error={errors.delivery}
          options={choices(['individual', 'group'] as const, v.delivery)}
        />
      ) : null}
      {shown.includes('programme') ? (
        <TextInput
          reg={form.register('programme')}
          label={isScreening ? f.recommendedProgramme : f.programme}
          error={errors.programme}
          width="input-width-l"
        />
      ) : null}
      {shown.includes('reason') ? (
        <TextArea reg={form.register('reason')} label={f.reason} hint={f.reasonHint} error={errors.reason} optional />
      ) : null}
      <Options reg={form.register('mode')} legend={f.mode} error={errors.mode} options={choices(MODES, v.mode)} optional />
      <TextInput
        reg={form.register('durationMinutes')}
        label={f.durationMinutes}
        error={errors.durationMinutes}
        optional
        numeric
        width="input-width-xs"
      />
    </>
  );
}

const contactLabels = (screening: boolean): Record<string, string> => ({
  ...f,
  delivery: screening ? f.recommendedDelivery : f.delivery,
  programme: screening ? f.recommendedProgramme : f.programme,
});

/** Registrér en samtale: a new contact, planned, held, cancelled or a no-show. */
export function NewContactPanel({ onClose }: PanelProps) {
  const { course } = useCourse();
  const draftKey = courseDraftKey(course.id, 'contact');
  const form = useDraftForm<ContactForm>(draftKey, emptyContactForm());
  const [type, status, outcome] = useWatch({ control: form.control, name: ['type', 'status', 'outcome'] });
  const action = useCourseAction({
    form,
    fields: contactFields(type, status, outcome),
    draftKey,
    saved: t.forms.contact.saved,
    onDone: onClose,
    send: async (values, sent) =>
      unwrap(
        await api.POST('/api/v1/courses/{id}/contacts', {
          params: { path: { id: sent.course.id } },
          body: toCreateContact(values),
          headers: { 'Idempotency-Key': sent['Idempotency-Key'], 'If-Match': sent.course.etag },
        }),
      ),
  });
  return (
    <ActionPanel
      id="form-contact"
      title={t.forms.contact.title}
      action={action}
      labels={contactLabels(type === 'screening')}
      onCancel={() => (clearDraft(draftKey), onClose())}
    >
      <ContactInputs form={form} errors={action.errors.fields} statuses={NEW_STATUSES} />
    </ActionPanel>
  );
}

/** A planned contact recorded: held (with what was held), cancelled by either side, or a no-show. */
export function RecordContactPanel({ contact, onClose }: PanelProps & { contact: Contact }) {
  const { course } = useCourse();
  const draftKey = courseDraftKey(course.id, `record.${contact.id}`);
  const form = useDraftForm<ContactForm>(draftKey, recordContactForm(contact));
  const [status, outcome] = useWatch({ control: form.control, name: ['status', 'outcome'] });
  const action = useCourseAction({
    form,
    fields: contactFields(contact.type, status, outcome),
    draftKey,
    saved: t.forms.record.saved,
    onDone: onClose,
    send: async (values, sent) => {
      // The contact's own ETag, as the page read it (a reload after a conflict reads it anew).
      const current = sent.course.contacts.find((c) => c.id === contact.id) ?? contact;
      return unwrap(
        await api.PATCH('/api/v1/courses/{id}/contacts/{contactId}', {
          params: { path: { id: sent.course.id, contactId: contact.id }, header: { 'If-Match': ifMatch(current.version) } },
          body: toRecordContact(values, contact.type),
        }),
      );
    },
  });
  return (
    <ActionPanel
      id={`form-record-${contact.id}`}
      level={4}
      title={t.forms.record.title(v.contactType[contact.type], formatShortDate(contact.date))}
      action={action}
      labels={contactLabels(contact.type === 'screening')}
      onCancel={() => (clearDraft(draftKey), onClose())}
    >
      <ContactInputs form={form} errors={action.errors.fields} fixedType={contact.type} statuses={RECORD_STATUSES} />
    </ActionPanel>
  );
}

/** A contact registered by mistake: entered in error, with why (audited; final). */
export function ContactErrorPanel({ contact, onClose }: PanelProps & { contact: Contact }) {
  const { course } = useCourse();
  const draftKey = courseDraftKey(course.id, `contact-error.${contact.id}`);
  const form = useDraftForm<{ enteredInErrorReason: string }>(draftKey, { enteredInErrorReason: '' });
  const action = useCourseAction({
    form,
    fields: ['enteredInErrorReason'],
    draftKey,
    saved: t.forms.contactError.saved,
    onDone: onClose,
    send: async (values, sent) => {
      const current = sent.course.contacts.find((c) => c.id === contact.id) ?? contact;
      return unwrap(
        await api.PATCH('/api/v1/courses/{id}/contacts/{contactId}', {
          params: { path: { id: sent.course.id, contactId: contact.id }, header: { 'If-Match': ifMatch(current.version) } },
          body: { status: 'entered_in_error', enteredInErrorReason: values.enteredInErrorReason.trim() },
        }),
      );
    },
  });
  return (
    <ActionPanel
      id={`form-contact-error-${contact.id}`}
      level={4}
      title={t.forms.contactError.title(v.contactType[contact.type], formatShortDate(contact.date))}
      intro={t.forms.contactError.intro}
      action={action}
      labels={f}
      onCancel={() => (clearDraft(draftKey), onClose())}
    >
      <TextArea
        reg={form.register('enteredInErrorReason')}
        label={f.enteredInErrorReason}
        error={action.errors.fields.enteredInErrorReason}
      />
    </ActionPanel>
  );
}

// ---- referrals, consents, focus areas, CPR ------------------------------------------------------

/** A referral made by mistake: withdrawn with a reason (POST …/referrals/{id}/entered-in-error, If-Match the course). */
export const ReferralErrorPanel = ({ referral, onClose }: PanelProps & { referral: Referral }) => (
  <ReasonPanel
    onClose={onClose}
    form={`referral-error-${referral.id}`}
    level={4}
    title={t.forms.referralError.title(v.destination[referral.destination], formatShortDate(referral.date))}
    intro={t.forms.referralError.intro}
    label={f.referralErrorReason}
    saved={t.forms.referralError.saved}
    send={async (body, sent) =>
      unwrap(
        await api.POST('/api/v1/courses/{id}/referrals/{referralId}/entered-in-error', {
          params: { path: { id: sent.course.id, referralId: referral.id } },
          body,
          headers: { 'Idempotency-Key': sent['Idempotency-Key'], 'If-Match': sent.course.etag },
        }),
      )
    }
  />
);

export function ReferralPanel({ onClose }: PanelProps) {
  const { course } = useCourse();
  const draftKey = courseDraftKey(course.id, 'referral');
  const form = useDraftForm<ReferralForm>(draftKey, { date: danishToday(), destination: '', note: '' });
  const action = useCourseAction({
    form,
    fields: ['date', 'destination', 'note'],
    draftKey,
    saved: t.forms.referral.saved,
    onDone: onClose,
    send: async (values, sent) =>
      unwrap(
        await api.POST('/api/v1/courses/{id}/referrals', {
          params: { path: { id: sent.course.id } },
          body: toReferral(values),
          headers: { 'Idempotency-Key': sent['Idempotency-Key'], 'If-Match': sent.course.etag },
        }),
      ),
  });
  const e = action.errors.fields;
  return (
    <ActionPanel
      id="form-referral"
      title={t.forms.referral.title}
      action={action}
      labels={f}
      onCancel={() => (clearDraft(draftKey), onClose())}
    >
      <TextInput reg={form.register('date')} label={f.date} hint={t.dateHint} error={e.date} numeric />
      <Options
        reg={form.register('destination')}
        legend={f.destination}
        error={e.destination}
        options={choices(DESTINATIONS, v.destination)}
      />
      <TextArea reg={form.register('note')} label={f.note} error={e.note} optional />
    </ActionPanel>
  );
}

export function ConsentPanel({ onClose }: PanelProps) {
  const { course } = useCourse();
  const draftKey = courseDraftKey(course.id, 'consent');
  const form = useDraftForm<ConsentForm>(draftKey, { date: danishToday(), givenBy: '', scope: '' });
  const action = useCourseAction({
    form,
    fields: ['date', 'givenBy', 'scope'],
    draftKey,
    saved: t.forms.consent.saved,
    onDone: onClose,
    send: async (values, sent) =>
      unwrap(
        await api.POST('/api/v1/courses/{id}/consents', {
          params: { path: { id: sent.course.id } },
          body: toConsent(values),
          headers: { 'Idempotency-Key': sent['Idempotency-Key'], 'If-Match': sent.course.etag },
        }),
      ),
  });
  const e = action.errors.fields;
  const required = course.consent.requiredFrom;
  return (
    <ActionPanel
      id="form-consent"
      title={t.forms.consent.title}
      action={action}
      labels={f}
      onCancel={() => (clearDraft(draftKey), onClose())}
    >
      <TextInput reg={form.register('date')} label={f.date} hint={t.dateHint} error={e.date} numeric />
      <Options
        reg={form.register('givenBy')}
        legend={f.givenBy}
        hint={required ? t.facts.consentFrom[required] : undefined}
        error={e.givenBy}
        options={choices(CONSENT_GIVERS, v.consentGiver)}
      />
      <Options reg={form.register('scope')} legend={f.scope} error={e.scope} options={choices(CONSENT_SCOPES, v.consentScope)} />
    </ActionPanel>
  );
}

export function FocusAreasPanel({ onClose }: PanelProps) {
  const { course } = useCourse();
  const draftKey = courseDraftKey(course.id, 'focus-areas');
  const form = useDraftForm<{ focusAreas: string[] }>(draftKey, { focusAreas: [...course.focusAreas] });
  const action = useCourseAction({
    form,
    fields: ['focusAreas'],
    draftKey,
    saved: t.forms.focusAreas.saved,
    onDone: onClose,
    send: async (values, sent) =>
      unwrap(
        await api.PATCH('/api/v1/courses/{id}', {
          params: { path: { id: sent.course.id }, header: { 'If-Match': sent.course.etag } },
          body: { focusAreas: values.focusAreas as typeof course.focusAreas },
        }),
      ),
  });
  return (
    <ActionPanel
      id="form-focus-areas"
      title={t.forms.focusAreas.title}
      action={action}
      labels={f}
      onCancel={() => (clearDraft(draftKey), onClose())}
    >
      <Options
        reg={form.register('focusAreas')}
        legend={f.focusAreas}
        error={action.errors.fields.focusAreas}
        options={choices(FOCUS_AREAS, v.focusArea)}
        multiple
      />
    </ActionPanel>
  );
}

/** The CPR number added to a course registered without it. It is never kept as a draft. */
export function AddCprPanel({ onClose }: PanelProps) {
  const { course } = useCourse();
  const draftKey = courseDraftKey(course.id, 'cpr');
  const form = useForm<{ cpr: string }>({ defaultValues: { cpr: '' } });
  const action = useCourseAction({
    form,
    fields: ['cpr'],
    draftKey,
    draftExclude: CPR_ONLY,
    saved: t.forms.addCpr.saved,
    onDone: onClose,
    send: async (values, sent) =>
      unwrap(
        await api.PATCH('/api/v1/courses/{id}', {
          params: { path: { id: sent.course.id }, header: { 'If-Match': sent.course.etag } },
          body: toCpr(values.cpr),
        }),
      ),
  });
  return (
    <ActionPanel id="form-cpr" title={t.forms.addCpr.title} action={action} labels={f} onCancel={() => (clearDraft(draftKey), onClose())}>
      <TextInput reg={form.register('cpr')} label={f.cpr} hint={t.child.addCprHint} error={action.errors.fields.cpr} numeric />
    </ActionPanel>
  );
}
const CPR_ONLY = ['cpr'] as const;

// ---- close, reopen, entered in error ----------------------------------------------------------

export function ClosePanel({ onClose }: PanelProps) {
  const { course } = useCourse();
  const draftKey = courseDraftKey(course.id, 'close');
  const form = useDraftForm<CloseForm>(draftKey, { date: danishToday(), reason: '' });
  const action = useCourseAction({
    form,
    fields: ['date', 'reason'],
    draftKey,
    saved: t.forms.close.saved,
    onDone: onClose,
    send: async (values, sent) =>
      unwrap(
        await api.POST('/api/v1/courses/{id}/close', {
          params: { path: { id: sent.course.id } },
          body: toClose(values),
          headers: { 'Idempotency-Key': sent['Idempotency-Key'], 'If-Match': sent.course.etag },
        }),
      ),
  });
  const e = action.errors.fields;
  return (
    <ActionPanel
      id="form-close"
      title={t.forms.close.title}
      action={action}
      labels={{ ...f, reason: f.closureReason }}
      onCancel={() => (clearDraft(draftKey), onClose())}
    >
      <TextInput reg={form.register('date')} label={f.date} hint={t.dateHint} error={e.date} numeric />
      <Options
        reg={form.register('reason')}
        legend={f.closureReason}
        error={e.reason}
        options={choices(CLOSURE_REASONS, v.closureReason)}
      />
    </ActionPanel>
  );
}

/** A form of one reason (reopen, entered in error): `send` makes the request, with the course's ETag and an idempotency key. */
function ReasonPanel({
  onClose,
  form: name,
  title,
  intro,
  label,
  saved,
  level,
  send,
}: PanelProps & {
  form: string;
  title: string;
  intro: string;
  label: string;
  saved: string;
  level?: 4;
  send: (body: { reason: string }, sent: Sent) => Promise<unknown>;
}) {
  const { course } = useCourse();
  const draftKey = courseDraftKey(course.id, name);
  const form = useDraftForm<ReasonForm>(draftKey, { reason: '' });
  const action = useCourseAction({
    form,
    fields: ['reason'],
    draftKey,
    saved,
    onDone: onClose,
    send: (values, sent) => send(toReason(values), sent),
  });
  return (
    <ActionPanel
      id={`form-${name}`}
      level={level}
      title={title}
      intro={intro}
      action={action}
      labels={{ reason: label }}
      onCancel={() => (clearDraft(draftKey), onClose())}
    >
      <TextArea reg={form.register('reason')} label={label} error={action.errors.fields.reason} />
    </ActionPanel>
  );
}

export const ReopenPanel = ({ onClose }: PanelProps) => (
  <ReasonPanel
    onClose={onClose}
    form="reopen"
    title={t.forms.reopen.title}
    intro={t.forms.reopen.intro}
    label={f.reopenReason}
    saved={t.forms.reopen.saved}
    send={async (body, sent) =>
      unwrap(
        await api.POST('/api/v1/courses/{id}/reopen', {
          params: { path: { id: sent.course.id } },
          body,
          headers: { 'Idempotency-Key': sent['Idempotency-Key'], 'If-Match': sent.course.etag },
        }),
      )
    }
  />
);

export const EnteredInErrorPanel = ({ onClose }: PanelProps) => (
  <ReasonPanel
    onClose={onClose}
    form="entered-in-error"
    title={t.forms.enteredInError.title}
    intro={t.forms.enteredInError.intro}
    label={f.enteredInErrorCourseReason}
    saved={t.forms.enteredInError.saved}
    send={async (body, sent) =>
      unwrap(
        await api.POST('/api/v1/courses/{id}/entered-in-error', {
          params: { path: { id: sent.course.id } },
          body,
          headers: { 'Idempotency-Key': sent['Idempotency-Key'], 'If-Match': sent.course.etag },
        }),
      )
    }
  />
);

// ---- the responsible worker -------------------------------------------------------------------

/**
 * Ansvarlig behandler: the caller takes the course (their token's sub and name), or nobody has
 * it. PUT or DELETE /courses/{id}/responsible with If-Match, so a stale page is told, not obeyed.
 */
export function ResponsiblePanel({ onClose }: PanelProps) {
  const { course } = useCourse();
  const session = useSession();
  // Loaded before any page of the app opens (router.tsx), so it is in the cache.
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const mine = { sub: me?.sub ?? '', name: me?.name?.trim() || (me?.sub ?? '') };
  const draftKey = courseDraftKey(course.id, 'responsible');
  const form = useDraftForm<{ responsible: ResponsibleChoice }>(draftKey, { responsible: responsibleDefault(course, mine.sub) });
  const r = t.forms.responsible;
  const action = useCourseAction({
    form,
    fields: ['responsible', 'sub', 'name'],
    draftKey,
    saved: r.saved,
    onDone: onClose,
    send: async (values, sent) => {
      const params = { path: { id: sent.course.id }, header: { 'If-Match': sent.course.etag } };
      return values.responsible === 'none'
        ? unwrap(await api.DELETE('/api/v1/courses/{id}/responsible', { params }))
        : unwrap(await api.PUT('/api/v1/courses/{id}/responsible', { params, body: mine }));
    },
  });
  return (
    <ActionPanel
      id="form-responsible"
      title={r.title}
      intro={r.intro}
      action={action}
      labels={{ responsible: r.legend, sub: r.legend, name: r.legend }}
      onCancel={() => (clearDraft(draftKey), onClose())}
    >
      <Options
        reg={form.register('responsible', { required: r.required })}
        legend={r.legend}
        error={
          action.errors.fields.responsible ??
          action.errors.fields.sub ??
          action.errors.fields.name ??
          form.formState.errors.responsible?.message
        }
        options={[
          ['me', r.me(mine.name)],
          ['none', r.none],
        ]}
      />
    </ActionPanel>
  );
}
