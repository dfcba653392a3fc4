import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { ApiError, reach } from '../../api/client.js';
import { problemToFormErrors, type FormErrors } from '../../api/problems.js';
import { clearDraft, saveDraft } from '../../auth/drafts.js';
import { ErrorSummary } from '../../components/forms.js';
import { useToast } from '../../components/Toasts.js';
import { da } from '../../texts.da.js';
import type { Course } from './course.js';

const t = da.course;
const NO_ERRORS: FormErrors = { fields: {}, general: [] };
const NOTHING: readonly string[] = [];

/** The course as the page read it, shared by every form on the page. */
export interface CourseState {
  course: Course;
  /** Reads the course again (after a conflict), keeping every form's input. */
  reload: () => Promise<unknown>;
  reloading: boolean;
}

export const CourseContext = createContext<CourseState | undefined>(undefined);

export function useCourse(): CourseState {
  const state = useContext(CourseContext);
  if (!state) throw new Error('useCourse outside CourseContext');
  return state;
}

/** The query key of one course: every change on the page refreshes it. */
export const courseKey = (id: string) => ['course', id] as const;

/** The draft of one form of one course, kept in this tab's sessionStorage while it is typed. */
export const courseDraftKey = (courseId: string, form: string) => `course.${courseId}.${form}`;

export interface Sent {
  /** One key per intended submission: a double click or a retry after a lost answer does the change once. */
  'Idempotency-Key': string;
  /** The course as the page read it: its ETag (or a contact's version) goes in If-Match. */
  course: Course;
}

/**
 * One action on the course (a form): sends it with an Idempotency-Key and If-Match from what
 * the page read, puts the service's field errors on the form's fields in Danish, and on a 412
 * says someone else changed the course, keeping every input so nothing is lost: the user reloads
 * the course and sends again. The input is also kept as a draft while it is typed (session expiry).
 */
export function useCourseAction<V extends FieldValues>({
  form,
  fields,
  draftKey,
  draftExclude = NOTHING,
  send,
  saved,
  onDone,
}: {
  form: UseFormReturn<V>;
  /** The form's field names, which are the API's field paths. */
  fields: readonly string[];
  draftKey: string;
  draftExclude?: readonly string[];
  send: (values: V, sent: Sent) => Promise<unknown>;
  saved: string;
  onDone: () => void;
}) {
  const { course, reload } = useCourse();
  const latest = useRef(course);
  useEffect(() => {
    latest.current = course;
  }, [course]);
  const queries = useQueryClient();
  const toast = useToast();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [conflict, setConflict] = useState<'stale' | 'reloaded' | undefined>();
  const key = useRef<string | undefined>(undefined);
  const inFlight = useRef(false);

  useEffect(() => {
    const watcher = form.watch((values) => {
      key.current = undefined;
      saveDraft(draftKey, values as Record<string, unknown>, draftExclude);
    });
    return () => watcher.unsubscribe();
  }, [form, draftKey, draftExclude]);

  const mutation = useMutation({
    mutationFn: (values: V) =>
      reach(async () => {
        key.current ??= crypto.randomUUID();
        return send(values, { 'Idempotency-Key': key.current, course: latest.current });
      }),
    onSuccess: async (result) => {
      key.current = undefined;
      clearDraft(draftKey);
      setErrors(NO_ERRORS);
      setConflict(undefined);
      // A change that answers with the course shows it at once; the others read it again.
      if (isCourse(result)) queries.setQueryData(courseKey(result.id), result);
      else await queries.invalidateQueries({ queryKey: courseKey(latest.current.id) });
      void queries.invalidateQueries({ queryKey: ['worklist'] });
      void queries.invalidateQueries({ queryKey: ['courses'] });
      toast({ variant: 'success', heading: saved });
      onDone();
    },
    onError: (error) => {
      const problem = error instanceof ApiError ? error.problem : { status: 0 };
      if (problem.status === 412) {
        setErrors(NO_ERRORS);
        setConflict('stale');
      } else {
        setConflict(undefined);
        setErrors(problemToFormErrors(problem, fields));
      }
    },
  });

  // A second click while the first is on its way sends nothing; should one get through anyway
  // (or the answer be lost and the user try again), the idempotency key makes it harmless.
  const submit = (event: FormEvent) =>
    void form.handleSubmit((values) => {
      if (inFlight.current) return;
      inFlight.current = true;
      mutation.mutate(values, { onSettled: () => void (inFlight.current = false) });
    })(event);

  const reloadCourse = async () => {
    await reload();
    setConflict('reloaded');
  };

  return { errors, conflict, submit, pending: mutation.isPending, reloadCourse };
}

const isCourse = (value: unknown): value is Course =>
  typeof value === 'object' && value !== null && 'etag' in value && 'targets' in value && 'contacts' in value;

/**
 * A form of the course page in a DKFDS frame: its heading takes the focus when it opens, the
 * conflict message with "reload the course", the error summary, the fields and the buttons.
 */
export function ActionPanel({
  id,
  title,
  level = 3,
  intro,
  action,
  labels,
  children,
  onCancel,
  submitLabel = t.save,
}: {
  id: string;
  title: string;
  level?: 3 | 4;
  intro?: string;
  action: ReturnType<typeof useCourseAction>;
  labels: Record<string, string>;
  children: ReactNode;
  onCancel: () => void;
  submitLabel?: string;
}) {
  const { reloading } = useCourse();
  const heading = useRef<HTMLHeadingElement>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (action.conflict === 'stale') conflictRef.current?.focus();
  }, [action.conflict]);
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <section className="action-panel" id={id} aria-labelledby={`${id}-title`} data-testid={id}>
      <Heading id={`${id}-title`} className="h3 mt-0" tabIndex={-1} ref={heading}>
        {title}
      </Heading>
      {intro ? <p>{intro}</p> : null}
      {action.conflict === 'stale' ? (
        <div className="alert alert-warning" role="alert" tabIndex={-1} ref={conflictRef} data-testid="conflict">
          <div className="alert-body">
            <p className="alert-heading">{t.conflictTitle}</p>
            <p className="alert-text">{t.conflictText}</p>
            <button type="button" className="button button-secondary mt-3" onClick={() => void action.reloadCourse()} disabled={reloading}>
              {reloading ? t.reloading : t.reload}
            </button>
          </div>
        </div>
      ) : null}
      {action.conflict === 'reloaded' ? (
        <div className="alert alert-info" role="status" data-testid="reloaded">
          <div className="alert-body">
            <p className="alert-text">{t.reloaded}</p>
          </div>
        </div>
      ) : null}
      <ErrorSummary fields={action.errors.fields} general={action.errors.general} labels={labels} />
      <form onSubmit={action.submit} noValidate>
        {children}
        <div className="button-row mt-5">
          <button type="submit" className="button button-primary" aria-disabled={action.pending}>
            {action.pending ? t.saving : submitLabel}
          </button>
          <button type="button" className="button button-tertiary" onClick={onCancel}>
            {t.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
