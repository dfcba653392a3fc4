import type { components } from '../../api/schema.js';
import { danishDateToIso } from '../../format.js';

export type CreateCourse = components['schemas']['CreateCourseDto'];

/** The form's values: what the inputs hold (strings from radios and selects). */
export interface NewContactForm {
  municipalityCode: string;
  firstContact: { date: string; time: string; channel: string; contactedBy: string };
  clearlyInTargetGroup: '' | 'true' | 'false';
  cpr: string;
  focusAreas: string[];
}

/** Every field the API may name in errors[].field for this form. */
export const NEW_CONTACT_FIELDS = [
  'municipalityCode',
  'firstContact.date',
  'firstContact.time',
  'firstContact.channel',
  'firstContact.contactedBy',
  'clearlyInTargetGroup',
  'cpr',
  'focusAreas',
] as const;

export const emptyNewContact = (municipalityCode = ''): NewContactForm => ({
  municipalityCode,
  firstContact: { date: '', time: '', channel: '', contactedBy: '' },
  clearlyInTargetGroup: '',
  cpr: '',
  focusAreas: [],
});

/**
 * The request body for the form. Nothing is checked here: an empty required field is left out
 * so the API names it, and its answer is shown field by field. Optional fields left empty are
 * omitted.
 */
export function toCreateCourse(form: NewContactForm): CreateCourse {
  const body: Record<string, unknown> = {
    municipalityCode: form.municipalityCode,
    firstContact: {
      date: form.firstContact.date.trim() ? (danishDateToIso(form.firstContact.date) ?? form.firstContact.date.trim()) : undefined,
      ...(form.firstContact.time ? { time: form.firstContact.time } : {}),
      channel: form.firstContact.channel || undefined,
      contactedBy: form.firstContact.contactedBy || undefined,
    },
    clearlyInTargetGroup: form.clearlyInTargetGroup === '' ? undefined : form.clearlyInTargetGroup === 'true',
  };
  const cpr = form.cpr.replace(/\s+/g, '');
  if (cpr) body.cpr = cpr;
  if (form.focusAreas.length) body.focusAreas = form.focusAreas;
  return body as unknown as CreateCourse;
}
