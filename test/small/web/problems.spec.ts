import { fieldMessage, problemCode, problemMessage, problemToFormErrors, type Problem } from '../../../web/src/api/problems.js';
import { da } from '../../../web/src/texts.da.js';

const FIELDS = ['municipalityCode', 'firstContact.date', 'firstContact.channel', 'cpr', 'focusAreas'];
const validation = (errors: Problem['errors']): Problem => ({
  type: 'https://ltt-case-tracker.example/problems/validation',
  status: 400,
  detail: 'English detail the user never sees',
  errors,
});

describe(problemToFormErrors.name, () => {
  it('puts each error on the form field the API names, in Danish by its code', () => {
    const result = problemToFormErrors(
      validation([
        { field: 'firstContact.date', code: 'isLocalDate', message: 'firstContact.date must be a real date written YYYY-MM-DD' },
        { field: 'firstContact.channel', code: 'isIn', message: 'channel must be one of ...' },
      ]),
      FIELDS,
    );
    expect(result).toEqual({
      fields: { 'firstContact.date': da.errors.codes.isLocalDate, 'firstContact.channel': da.errors.codes.isIn },
      general: [],
    });
  });

  it('never shows the English message, even for a code it does not know', () => {
    const result = problemToFormErrors(validation([{ field: 'cpr', code: 'some_new_rule', message: 'English only' }]), FIELDS);
    expect(result.fields.cpr).not.toContain('English');
    expect(result.fields.cpr).toBe(da.errors.codes.matches);
  });

  it('prefers a field-specific text for a code', () => {
    const result = problemToFormErrors(validation([{ field: 'cpr', code: 'matches' }]), FIELDS);
    expect(result.fields.cpr).toBe(da.errors.fieldCodes.cpr.matches);
  });

  it('maps a rule violation of the service the same way (422 with errors[])', () => {
    const problem: Problem = {
      type: 'https://ltt-case-tracker.example/problems/first_contact_in_future',
      status: 422,
      errors: [{ field: 'firstContact.date', code: 'first_contact_in_future', message: 'The first contact cannot be dated after today' }],
    };
    expect(problemToFormErrors(problem, FIELDS).fields).toEqual({ 'firstContact.date': da.errors.codes.first_contact_in_future });
  });

  it('puts an element of an array field on the array (focusAreas.1 → focusAreas)', () => {
    expect(problemToFormErrors(validation([{ field: 'focusAreas.1', code: 'isIn' }]), FIELDS).fields).toEqual({
      focusAreas: da.errors.codes.isIn,
    });
  });

  it('reads the X-CPR header as the cpr field', () => {
    expect(problemToFormErrors(validation([{ field: 'X-CPR', code: 'cpr_invalid' }]), FIELDS).fields).toEqual({
      cpr: da.errors.codes.cpr_invalid,
    });
  });

  it('keeps the first error of a field when it has several', () => {
    const result = problemToFormErrors(
      validation([
        { field: 'cpr', code: 'isString' },
        { field: 'cpr', code: 'matches' },
      ]),
      FIELDS,
    );
    expect(result.fields.cpr).toBe(da.errors.codes.isString);
  });

  it('sends errors of fields the form does not have to the summary, named in Danish where possible', () => {
    const result = problemToFormErrors(validation([{ field: 'clearlyInTargetGroup', code: 'isBoolean' }]), FIELDS);
    expect(result.fields).toEqual({});
    // The label is a question: no colon after its question mark.
    expect(result.general).toEqual([`${da.fields.clearlyInTargetGroup} ${da.errors.codes.isBoolean}`]);
    expect(problemToFormErrors(validation([{ field: 'firstContact.contactedBy', code: 'isIn' }]), FIELDS).general).toEqual([
      `${da.fields['firstContact.contactedBy']}: ${da.errors.codes.isIn}`,
    ]);
  });

  it.each([
    [{ status: 0 }, da.errors.network],
    [{ status: 401 }, da.errors.unauthorized],
    [{ status: 403 }, da.errors.forbidden],
    [{ status: 404 }, da.errors.notFound],
    [{ status: 409 }, da.errors.conflict],
    [{ status: 412 }, da.errors.conflict],
    [{ status: 429 }, da.errors.tooMany],
    [{ status: 500 }, da.errors.unknown],
  ])('gives a problem without field errors (%p) one Danish sentence', (problem, text) => {
    expect(problemToFormErrors(problem, FIELDS)).toEqual({ fields: {}, general: [text] });
  });

  it('translates a problem by the code in its type before its status', () => {
    const problem = { type: 'https://ltt-case-tracker.example/problems/cpr_invalid', status: 422 };
    expect(problemCode(problem)).toBe('cpr_invalid');
    expect(problemMessage(problem)).toBe(da.errors.codes.cpr_invalid);
  });

  it('has a Danish text for every validation code the course form can get', () => {
    for (const code of [
      'isLocalDate',
      'isLocalTime',
      'isIn',
      'isBoolean',
      'matches',
      'unknown_field',
      'cpr_invalid',
      'first_contact_in_future',
    ]) {
      expect(fieldMessage('any', code)).toBe(da.errors.codes[code]);
    }
  });
});
