import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, reach, unwrap } from '../../api/client.js';
import { problemMessage } from '../../api/problems.js';
import { meQuery, useMunicipalityNames } from '../../api/queries.js';
import { useSession } from '../../auth/AuthContext.js';
import { draftsStartingWith } from '../../auth/drafts.js';
import { Flags } from '../../components/Flags.js';
import { describedBy, Field, fieldId } from '../../components/forms.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { formatDate, formatInstantDate } from '../../format.js';
import { da } from '../../texts.da.js';
import {
  clockRow,
  contactActions,
  courseActions,
  courseRef,
  formatCpr,
  mayChangeResponsible,
  STATE_TONE,
  referralActions,
  timelineOf,
  type ClockSide,
  type Course,
  type CourseAction,
} from './course.js';
import { CourseContext, courseDraftKey, courseKey, useCourse } from './CourseAction.js';
import {
  AddCprPanel,
  ClosePanel,
  ConsentPanel,
  ContactErrorPanel,
  EnteredInErrorPanel,
  FocusAreasPanel,
  NewContactPanel,
  RecordContactPanel,
  ReferralErrorPanel,
  ReferralPanel,
  ReopenPanel,
  ResponsiblePanel,
} from './CourseForms.js';

const t = da.course;

/** One course, as the page reads it (its ETag is in the body too: `etag`). */
export const courseQuery = (id: string) =>
  queryOptions({
    queryKey: courseKey(id),
    queryFn: () => reach(async () => unwrap(await api.GET('/api/v1/courses/{id}', { params: { path: { id } } }))),
    retry: (count, error) => !(error instanceof ApiError && error.problem.status === 404) && count < 1,
  });

/**
 * The form that is open, by its draft name: `contact`, `referral`, …, or `record.<contactId>`,
 * `contact-error.<contactId>` for a contact's own forms. One at a time, so the page stays calm.
 */
type Open = string | null;

const PANELS: Record<CourseAction, (props: { onClose: () => void }) => ReactNode> = {
  contact: NewContactPanel,
  referral: ReferralPanel,
  consent: ConsentPanel,
  focusAreas: FocusAreasPanel,
  addCpr: AddCprPanel,
  close: ClosePanel,
  reopen: ReopenPanel,
  enteredInError: EnteredInErrorPanel,
};

/** The draft name of each action's form (CourseForms.tsx). */
const FORM_OF: Record<CourseAction, string> = {
  contact: 'contact',
  referral: 'referral',
  consent: 'consent',
  focusAreas: 'focus-areas',
  addCpr: 'cpr',
  close: 'close',
  reopen: 'reopen',
  enteredInError: 'entered-in-error',
};

/**
 * Forløbsside: the course as a timeline, each target's clock (raw and adjusted side by side),
 * its data-quality flags and what can be done with it. Every change is sent with If-Match from
 * what the page read; the CPR is shown masked until an audited reveal with a purpose.
 */
export function CoursePage() {
  const { courseId } = useParams({ from: '/app/forloeb/$courseId' });
  const query = useQuery(courseQuery(courseId));
  useTitle(t.title(courseRef(courseId)));

  if (query.isPending) return <Loading />;
  if (query.isError) {
    const notFound = query.error instanceof ApiError && [400, 404].includes(query.error.problem.status);
    return (
      <>
        <h1>{t.title(courseRef(courseId))}</h1>
        {notFound ? (
          <LoadError message={t.notFound} />
        ) : (
          <LoadError
            message={query.error instanceof ApiError ? problemMessage(query.error.problem) : undefined}
            retry={() => void query.refetch()}
          />
        )}
        <p className="mt-5">
          <Link to="/forloeb" className="back-link">
            {t.back}
          </Link>
        </p>
      </>
    );
  }
  return (
    <CourseContext.Provider value={{ course: query.data, reload: () => query.refetch(), reloading: query.isFetching }}>
      <CourseView />
    </CourseContext.Provider>
  );
}

function CourseView() {
  const { course } = useCourse();
  const names = useMunicipalityNames();
  const heading = useRef<HTMLHeadingElement>(null);
  // A form with a draft (the session ran out while it was typed) opens again by itself.
  const [open, setOpen] = useState<Open>(() => draftsStartingWith(courseDraftKey(course.id, ''))[0]?.split('.').slice(2).join('.') ?? null);
  const close = () => {
    setOpen(null);
    heading.current?.focus();
  };
  const actions = courseActions(course);
  const openAction = actions.find((a) => FORM_OF[a] === open);
  const Panel = openAction ? PANELS[openAction] : undefined;

  return (
    <>
      <p className="mb-4 d-print-none">
        <Link to="/forloeb" className="back-link">
          {t.back}
        </Link>
      </p>
      <h1 tabIndex={-1} ref={heading} data-testid="course-title">
        {t.title(courseRef(course.id))}
      </h1>
      <p className="font-lead">
        <span className={`badge ${course.status === 'open' ? 'badge-info' : ''}`} data-testid="course-status">
          {da.values.status[course.status]}
        </span>{' '}
        {names[course.municipalityCode] ?? da.app.municipalityUnknown(course.municipalityCode)} · {t.facts.firstContact}{' '}
        {formatDate(course.firstContactDate)}
      </p>
      {course.enteredInError ? (
        <div className="alert alert-warning" role="status">
          <div className="alert-body">
            <p className="alert-text">{t.enteredInError(course.enteredInError.reason)}</p>
          </div>
        </div>
      ) : null}

      <div className="row">
        <div className="col-12 col-md-6">
          <Facts />
        </div>
        <div className="col-12 col-md-6">
          <Child />
        </div>
      </div>
      <Responsible
        open={open === RESPONSIBLE_FORM}
        toggle={() => setOpen(open === RESPONSIBLE_FORM ? null : RESPONSIBLE_FORM)}
        onClose={close}
      />
      <Clocks />
      <section aria-labelledby="flags-title" className="mt-6">
        <h2 id="flags-title">{t.flags.title}</h2>
        {course.flags.length ? <Flags flags={course.flags} /> : <p>{t.flags.none}</p>}
      </section>

      {actions.length ? (
        <section aria-labelledby="actions-title" className="mt-6 d-print-none">
          <h2 id="actions-title">{t.actions.title}</h2>
          <div className="action-buttons" role="group" aria-labelledby="actions-title">
            {actions.map((a) => (
              <button
                key={a}
                type="button"
                className={`button ${open === FORM_OF[a] ? 'button-primary' : 'button-secondary'}`}
                aria-expanded={open === FORM_OF[a]}
                aria-controls={open === FORM_OF[a] ? `form-${FORM_OF[a]}` : undefined}
                onClick={() => setOpen(open === FORM_OF[a] ? null : FORM_OF[a])}
                data-action={a}
              >
                {t.actions[a]}
              </button>
            ))}
          </div>
          {Panel ? <Panel key={open} onClose={close} /> : null}
        </section>
      ) : null}

      <Timeline open={open} setOpen={setOpen} onClose={close} />
    </>
  );
}

const RESPONSIBLE_FORM = 'responsible';

/** Ansvarlig behandler: who follows the course, and (on open and closed courses) the form to take it or give it up. */
function Responsible({ open, toggle, onClose }: { open: boolean; toggle: () => void; onClose: () => void }) {
  const { course } = useCourse();
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const r = t.responsible;
  const who = course.responsible;
  return (
    <section aria-labelledby="responsible-title" className="mt-6">
      <h2 id="responsible-title">{r.title}</h2>
      <p data-testid="responsible">
        {who ? (
          <>
            {r.current(who.name, formatInstantDate(who.since))}
            {who.sub === me?.sub ? ` ${r.you}` : ''}
          </>
        ) : (
          r.nobody
        )}
      </p>
      {mayChangeResponsible(course) ? (
        <>
          <button
            type="button"
            className={`button ${open ? 'button-primary' : 'button-secondary'} d-print-none`}
            aria-expanded={open}
            aria-controls={open ? 'form-responsible' : undefined}
            onClick={toggle}
            data-action="responsible"
          >
            {r.change}
          </button>
          {open ? <ResponsiblePanel key="responsible" onClose={onClose} /> : null}
        </>
      ) : null}
    </section>
  );
}

function Facts() {
  const { course } = useCourse();
  const v = da.values;
  return (
    <section aria-labelledby="facts-title" className="mt-5">
      <h2 id="facts-title">{t.facts.title}</h2>
      <dl className="facts">
        <dt>{t.facts.status}</dt>
        <dd>{v.status[course.status]}</dd>
        <dt>{t.facts.firstContact}</dt>
        <dd>
          {formatDate(course.firstContact.date)}
          {course.firstContact.time ? ` ${t.timeline.at(course.firstContact.time)}` : ''}
        </dd>
        <dt>{t.facts.targetGroup}</dt>
        <dd>{course.clearlyInTargetGroup ? v.yes : v.no}</dd>
        <dt>{t.facts.focusAreas}</dt>
        <dd data-testid="focus-areas">
          {course.focusAreas.length ? course.focusAreas.map((a) => v.focusArea[a]).join(', ') : t.facts.noFocusAreas}
        </dd>
        <dt>{t.facts.consent}</dt>
        <dd>{course.consent.treatmentConsentPresent ? t.facts.consentPresent : t.facts.consentMissing}</dd>
        {course.closure ? (
          <>
            <dt>{t.facts.closure}</dt>
            <dd>
              {formatDate(course.closure.date)} ({v.closureReason[course.closure.reason]})
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** The child: the CPR masked until revealed with a purpose (audited as reveal_cpr); the number lives in this component's memory only. */
function Child() {
  const { course } = useCourse();
  const c = course.child;
  const [asking, setAsking] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [purposeError, setPurposeError] = useState<string | undefined>();
  const [revealed, setRevealed] = useState<string | undefined>();
  const reveal = useMutation({
    mutationFn: (why: string) =>
      reach(async () =>
        unwrap(
          await api.GET('/api/v1/courses/{id}', {
            params: { path: { id: course.id }, query: { reveal: 'cpr' }, header: { 'X-Purpose': why } },
          }),
        ),
      ),
    onSuccess: (view) => {
      setRevealed(view.child.cpr ? formatCpr(view.child.cpr) : undefined);
      setAsking(false);
      setPurpose('');
      // The answer holds the CPR: keep it out of the mutation cache once it is shown.
      reveal.reset();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!purpose.trim()) return setPurposeError(t.child.purposeRequired);
    setPurposeError(undefined);
    reveal.mutate(purpose.trim());
  };
  const failed = reveal.error instanceof ApiError ? problemMessage(reveal.error.problem) : reveal.error ? da.errors.network : undefined;
  return (
    <section aria-labelledby="child-title" className="mt-5">
      <h2 id="child-title">{t.child.title}</h2>
      <dl className="facts">
        <dt>{t.child.cpr}</dt>
        <dd data-testid="cpr">
          {!c.cprKnown ? t.child.cprMissing : (revealed ?? c.cprMasked)}
          {c.cprKnown ? (
            <button
              type="button"
              className="function-link ml-3"
              aria-expanded={revealed ? undefined : asking}
              onClick={() => (revealed ? setRevealed(undefined) : setAsking(!asking))}
            >
              {revealed ? t.child.hide : t.child.reveal}
            </button>
          ) : null}
        </dd>
        <dt>{t.child.birthDate}</dt>
        <dd>{c.birthDate ? formatDate(c.birthDate) : t.child.unknown}</dd>
        <dt>{t.child.sex}</dt>
        <dd>{c.sex ? da.values.sex[c.sex] : t.child.unknown}</dd>
        <dt>{t.child.age}</dt>
        <dd>{c.ageToday === null ? t.child.unknown : t.child.years(c.ageToday)}</dd>
        <dt>{t.child.ageAtFirstContact}</dt>
        <dd>{c.ageAtFirstContact === null ? t.child.unknown : t.child.years(c.ageAtFirstContact)}</dd>
      </dl>
      {c.cprKnown && !revealed ? <p className="form-hint">{t.child.cprMaskedNote}</p> : null}
      {asking && !revealed ? (
        <form onSubmit={submit} noValidate data-testid="reveal-form">
          {failed ? (
            <div className="alert alert-error" role="alert">
              <div className="alert-body">
                <p className="alert-text">{failed}</p>
              </div>
            </div>
          ) : null}
          <Field name="purpose" label={t.child.purpose} hint={t.child.purposeHint} error={purposeError}>
            <input
              className="form-input"
              id={fieldId('purpose')}
              value={purpose}
              maxLength={200}
              autoComplete="off"
              aria-invalid={purposeError ? true : undefined}
              aria-describedby={describedBy('purpose', true, purposeError)}
              onChange={(e) => setPurpose(e.target.value)}
            />
          </Field>
          <button type="submit" className="button button-secondary" aria-disabled={reveal.isPending}>
            {t.child.show}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function StateCell({ side }: { side: ClockSide }) {
  const tone = STATE_TONE[side.state];
  return (
    <>
      <span className={`badge badge-small${tone ? ` badge-${tone}` : ''}`} data-state={side.state}>
        {side.label}
      </span>
      {side.text ? <span className="d-block">{side.text}</span> : null}
    </>
  );
}

function Clocks() {
  const { course } = useCourse();
  const c = t.clocks;
  const rows = course.targets.map((clock) => clockRow(clock));
  return (
    <section aria-labelledby="clocks-title" className="mt-6">
      <h2 id="clocks-title">{c.title}</h2>
      <p>{c.intro}</p>
      {rows.length ? (
        <div className="table--responsive-scroll" tabIndex={0} role="region" aria-labelledby="clocks-title">
          <table className="table table--compact" data-testid="clocks">
            <caption className="sr-only">{c.title}</caption>
            <thead>
              <tr>
                <th scope="col">{c.columns.target}</th>
                <th scope="col">{c.columns.deadline}</th>
                <th scope="col">{c.columns.raw}</th>
                <th scope="col">{c.columns.adjusted}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.target} data-target={row.target}>
                  <th scope="row">
                    {row.label}
                    <span className="d-block weight-normal form-hint">{row.limit}</span>
                  </th>
                  <td className="text-nowrap">{row.deadline}</td>
                  <td data-side="raw">
                    <StateCell side={row.raw} />
                  </td>
                  <td data-side="adjusted">
                    <StateCell side={row.adjusted} />
                    <span className="d-block form-hint">{row.familyDelay}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{c.none}</p>
      )}
    </section>
  );
}

function Timeline({ open, setOpen, onClose }: { open: Open; setOpen: (open: Open) => void; onClose: () => void }) {
  const { course } = useCourse();
  const events = timelineOf(course);
  const tl = t.timeline;
  return (
    <section aria-labelledby="timeline-title" className="mt-6">
      <h2 id="timeline-title">{tl.title}</h2>
      <p>{tl.intro}</p>
      <ol className="timeline" data-testid="timeline">
        {events.map((event) => {
          const contact = event.contact;
          const allowed = contact ? contactActions(contact, course.status) : [];
          const recordForm = contact ? `record.${contact.id}` : '';
          const errorForm = contact ? `contact-error.${contact.id}` : '';
          const referral = event.referral;
          const referralErrorForm = referral ? `referral-error.${referral.id}` : '';
          const referralAllowed = referral ? referralActions(referral, course.status) : [];
          return (
            <li
              key={event.key}
              className={`timeline-item timeline-${event.kind}`}
              data-kind={event.kind}
              data-status={contact?.status ?? referral?.status}
            >
              <p className="timeline-date">
                <time dateTime={event.date}>{formatDate(event.date)}</time>
                {event.time ? ` ${tl.at(event.time)}` : ''}
              </p>
              <h3 className="h5 timeline-title">
                {event.title}
                {event.status ? (
                  <>
                    {' '}
                    <span className={`badge badge-small${event.status.tone ? ` badge-${event.status.tone}` : ''}`}>
                      {event.status.label}
                    </span>
                  </>
                ) : null}
              </h3>
              {event.details.length ? (
                <dl className="facts facts-compact">
                  {event.details.map(([label, value], i) => (
                    <div key={i} className="facts-row">
                      <dt>{label}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
              {contact && allowed.length ? (
                <div className="button-row d-print-none">
                  {allowed.includes('record') ? (
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-expanded={open === recordForm}
                      onClick={() => setOpen(open === recordForm ? null : recordForm)}
                    >
                      {tl.record(da.values.contactType[contact.type])}
                    </button>
                  ) : null}
                  <button
                    type="button"
                    className="button button-tertiary"
                    aria-expanded={open === errorForm}
                    onClick={() => setOpen(open === errorForm ? null : errorForm)}
                  >
                    {tl.markError}
                  </button>
                </div>
              ) : null}
              {contact && open === recordForm ? <RecordContactPanel key={recordForm} contact={contact} onClose={onClose} /> : null}
              {contact && open === errorForm ? <ContactErrorPanel key={errorForm} contact={contact} onClose={onClose} /> : null}
              {referral && referralAllowed.length ? (
                <div className="button-row d-print-none">
                  <button
                    type="button"
                    className="button button-tertiary"
                    aria-expanded={open === referralErrorForm}
                    onClick={() => setOpen(open === referralErrorForm ? null : referralErrorForm)}
                  >
                    {tl.markError}
                  </button>
                </div>
              ) : null}
              {referral && open === referralErrorForm ? (
                <ReferralErrorPanel key={referralErrorForm} referral={referral} onClose={onClose} />
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export type { Course };
