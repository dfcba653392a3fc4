import { Injectable } from '@nestjs/common';
import { AuditService, type AuditEvent } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { assertIfMatch } from '../common/etag.js';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import type { ContactStatus } from '../kernel/course.model.js';
import {
  assertContactTransition,
  assertCourseOpen,
  checkBornBy,
  checkClosure,
  checkEventDate,
  checkFirstContactCorrection,
  checkFirstContactDate,
  checkConsent,
  checkContact,
  checkReopen,
} from './course.rules.js';
import { CourseChangeHooks } from './course-change.hooks.js';
import { CourseViews } from './course.views.js';
import { CoursesRepository } from './courses.repository.js';
import { courseFacts, type ContactRow, type CourseRecord } from '../kernel/course.record.js';
import { ChildrenService } from '../children/children.service.js';
import { parseCpr, type Cpr } from '../kernel/cpr.rules.js';
import type {
  CloseCourseDto,
  CreateConsentDto,
  CreateCourseDto,
  CreateReferralDto,
  ListCoursesQueryDto,
  ResponsibleWorkerDto,
  UpdateCourseDto,
} from './dto/course.dto.js';
import type { CreateContactDto, UpdateContactDto } from './dto/contact.dto.js';
import { daysBetween } from '../kernel/local-date.js';
import { evaluateTargets } from '../service-targets/clock.rules.js';
import { CourseSummaries } from '../course-summary/course-summaries.service.js';
import { TargetDefinitionsProvider } from '../service-targets/target-definitions.provider.js';
import type { TargetDefinition } from '../service-targets/target-definitions.js';

/**
 * The course's use cases. Each runs inside the request's transaction (which carries the
 * caller's municipalities for row-level security) and records its audit entry there, so a
 * change and its audit record commit together. Access first, then guard clauses for the rules.
 * Before anything that can fail, each notes its attempt (`AuditService.attempt`), so a request
 * that fails (a 404, a conflict, a refused rule) is still audited after its rollback.
 */
@Injectable()
export class CoursesService {
  constructor(
    private readonly repository: CoursesRepository,
    private readonly children: ChildrenService,
    private readonly audit: AuditService,
    private readonly context: RequestContext,
    private readonly clock: Clock,
    private readonly views: CourseViews,
    private readonly summaries: CourseSummaries,
    private readonly definitions: TargetDefinitionsProvider,
    private readonly changeHooks: CourseChangeHooks,
  ) {}

  async create(dto: CreateCourseDto) {
    const principal = this.context.requirePrincipal();
    if (!principal.municipalities.includes(dto.municipalityCode)) {
      throw new ForbiddenError(`You do not work for municipality ${dto.municipalityCode}`);
    }
    this.audit.attempt({
      action: 'create',
      resourceType: 'course',
      municipalityCode: dto.municipalityCode,
      details: { byCpr: Boolean(dto.cpr) },
    });
    checkFirstContactDate(dto.firstContact.date, this.clock.today());
    const cpr = dto.cpr ? readCpr(dto.cpr, 'cpr') : null;
    if (cpr) checkBornBy(cpr.birthDate, dto.firstContact.date, 'firstContact.date');
    const childId = cpr ? await this.children.childFor(dto.municipalityCode, cpr) : null;
    if (childId) await this.children.assertNoOtherOpenCourse(childId, dto.municipalityCode, true);
    const courseId = await this.repository.insertCourse({
      municipalityCode: dto.municipalityCode,
      childId,
      firstContactDate: dto.firstContact.date,
      firstContactTime: dto.firstContact.time ?? null,
      channel: dto.firstContact.channel,
      contactedBy: dto.firstContact.contactedBy,
      clearlyInTargetGroup: dto.clearlyInTargetGroup,
      focusAreas: dto.focusAreas ?? [],
      createdBy: principal.sub,
    });
    // The first contact (henvendelse) is itself a held contact, as KL reports it.
    await this.repository.insertContact({
      municipalityCode: dto.municipalityCode,
      courseId,
      type: 'first_contact',
      date: dto.firstContact.date,
      time: dto.firstContact.time ?? null,
      status: 'held',
      createdBy: principal.sub,
    });
    await this.audit.record({
      action: 'create',
      resourceType: 'course',
      resourceId: courseId,
      municipalityCode: dto.municipalityCode,
      details: { byCpr: Boolean(dto.cpr) },
    });
    return this.view(courseId);
  }

  async get(id: string, revealCpr: boolean) {
    const course = await this.load(id, false, { action: revealCpr ? 'reveal_cpr' : 'read', resourceType: 'course', resourceId: id });
    await this.audit.record({
      action: revealCpr ? 'reveal_cpr' : 'read',
      resourceType: 'course',
      resourceId: id,
      municipalityCode: course.municipalityCode,
    });
    const cpr = revealCpr && course.child ? this.children.cprOf(course.child) : undefined;
    const definitions = await this.definitions.forMunicipality(course.municipalityCode);
    return this.views.course(course, this.clock.today(), this.targetsOf(course, definitions), cpr);
  }

  async list(query: ListCoursesQueryDto, cprHeader: string | undefined) {
    const principal = this.context.requirePrincipal();
    if (query.municipality && !principal.municipalities.includes(query.municipality)) {
      return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    }
    if (cprHeader !== undefined && cprHeader.trim() === '') {
      throw new RuleViolation('cpr_invalid', 'X-CPR is empty; leave it out to list without a CPR', 'X-CPR');
    }
    const cprInput = cprHeader ?? query.cpr;
    // One entry per course shown (so each municipality's managers see who looked at their
    // courses), or one for a search that found nothing. Filters, never the CPR itself.
    const details = {
      byCpr: Boolean(cprInput),
      status: query.status ?? null,
      firstContactFrom: query.firstContactFrom ?? null,
      firstContactTo: query.firstContactTo ?? null,
      responsible: query.responsible ?? null,
    };
    const searched = {
      action: 'search' as const,
      resourceType: 'course',
      municipalityCode: query.municipality ?? this.callerMunicipality(),
    };
    this.audit.attempt({ ...searched, details });
    let childIds: string[] | undefined;
    if (cprInput) {
      const cpr = parseCpr(cprInput);
      if (typeof cpr === 'string') {
        throw new RuleViolation(
          'cpr_invalid',
          cpr === 'date' ? 'The CPR number does not start with a real date' : 'The CPR number must be 10 digits',
          'cpr',
        );
      }
      childIds = await this.children.idsOf(cpr);
    }
    const { items, total } = await this.repository.listCourses({
      municipalities: query.municipality ? [query.municipality] : undefined,
      status: query.status,
      childIds,
      firstContactFrom: query.firstContactFrom,
      firstContactTo: query.firstContactTo,
      missingCpr: query.missingCpr === undefined ? undefined : query.missingCpr === 'true',
      responsibleSub: query.responsible === 'me' ? principal.sub : query.responsible === 'none' ? null : undefined,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    await this.audit.record(
      ...(items.length
        ? items.map((i) => ({ ...searched, resourceId: i.id, municipalityCode: i.municipalityCode, details }))
        : [{ ...searched, details }]),
    );
    const today = this.clock.today();
    return { items: items.map((i) => this.views.listItem(i, today)), total, page: query.page, pageSize: query.pageSize };
  }

  async update(id: string, dto: UpdateCourseDto, ifMatch: string | undefined) {
    const fields = Object.keys(dto);
    const course = await this.load(id, true, { action: 'update', resourceType: 'course', resourceId: id, details: { fields } });
    assertIfMatch(ifMatch, course.version);
    if (course.status === 'entered_in_error') assertCourseOpen(course);
    const details: Parameters<CoursesRepository['updateDetails']>[1] = {};
    const firstContactDate = dto.firstContact?.date ?? course.firstContactDate;
    if (dto.cpr !== undefined) {
      const cpr = readCpr(dto.cpr, 'cpr');
      checkBornBy(cpr.birthDate, firstContactDate, 'cpr');
      details.childId = await this.children.childFor(course.municipalityCode, cpr);
      if (course.status === 'open' && details.childId !== course.childId) {
        await this.children.assertNoOtherOpenCourse(details.childId, course.municipalityCode, true, id);
      }
    }
    if (dto.clearlyInTargetGroup !== undefined) details.clearlyInTargetGroup = dto.clearlyInTargetGroup;
    if (dto.focusAreas !== undefined) details.focusAreas = dto.focusAreas;
    if (dto.firstContact) {
      const date = firstContactDate;
      checkFirstContactCorrection(courseFacts(course), date, this.clock.today());
      if (dto.cpr === undefined && course.child) checkBornBy(course.child.birthDate, date, 'firstContact.date');
      await this.repository.correctFirstContact(id, {
        date,
        time: dto.firstContact.time ?? course.firstContactTime,
        channel: dto.firstContact.channel ?? course.channel,
        contactedBy: dto.firstContact.contactedBy ?? course.contactedBy,
      });
    }
    if (Object.keys(details).length) await this.repository.updateDetails(id, details);
    await this.repository.newVersion(id);
    await this.audit.record({
      action: 'update',
      resourceType: 'course',
      resourceId: id,
      municipalityCode: course.municipalityCode,
      details: { fields },
    });
    return this.view(id);
  }

  async addContact(courseId: string, dto: CreateContactDto, ifMatch?: string) {
    const principal = this.context.requirePrincipal();
    const details = { courseId, type: dto.type, status: dto.status };
    const course = await this.load(courseId, true, { action: 'create', resourceType: 'contact', details });
    assertIfMatch(ifMatch, course.version, false);
    assertCourseOpen(course);
    checkContact(courseFacts(course), dto, this.clock.today(), true);
    const contactId = await this.repository.insertContact({
      municipalityCode: course.municipalityCode,
      courseId,
      type: dto.type,
      date: dto.date,
      time: dto.time ?? null,
      status: dto.status,
      participants: dto.participants,
      delivery: dto.delivery,
      mode: dto.mode,
      durationMinutes: dto.durationMinutes,
      programme: dto.programme,
      outcome: dto.outcome,
      reason: dto.reason,
      createdBy: principal.sub,
    });
    await this.repository.newVersion(courseId);
    await this.audit.record({
      action: 'create',
      resourceType: 'contact',
      resourceId: contactId,
      municipalityCode: course.municipalityCode,
      details,
    });
    return this.contactView(courseId, contactId);
  }

  async updateContact(courseId: string, contactId: string, dto: UpdateContactDto, ifMatch: string | undefined) {
    const attempt = {
      action: dto.status === 'entered_in_error' ? ('entered_in_error' as const) : ('update' as const),
      resourceType: 'contact',
      resourceId: contactId,
      details: { courseId, fields: Object.keys(dto) },
    };
    const course = await this.load(courseId, true, attempt);
    const contact = course.contacts.find((c) => c.id === contactId);
    if (!contact) throw new NotFoundError('Contact');
    assertIfMatch(ifMatch, contact.version);
    assertCourseOpen(course);
    const to: ContactStatus = dto.status ?? contact.status;
    assertContactTransition(contact.type, contact.status, to);
    const next: ContactRow = {
      ...contact,
      date: dto.date ?? contact.date,
      time: dto.time ?? contact.time,
      status: to,
      participants: dto.participants ?? contact.participants,
      delivery: dto.delivery ?? contact.delivery,
      mode: dto.mode ?? contact.mode,
      durationMinutes: dto.durationMinutes ?? contact.durationMinutes,
      programme: dto.programme ?? contact.programme,
      outcome: dto.outcome ?? contact.outcome,
      reason: dto.reason ?? contact.reason,
      enteredInErrorReason: dto.enteredInErrorReason ?? contact.enteredInErrorReason,
    };
    if (to !== 'entered_in_error') {
      // Moving a booking to another date books it anew: a planned contact cannot be moved into the past.
      const rebooked = next.date !== contact.date;
      checkContact(courseFacts(course), next, this.clock.today(), rebooked, contactId);
    }
    await this.repository.updateContact(contactId, next);
    await this.repository.newVersion(courseId);
    await this.audit.record({
      action: to === 'entered_in_error' ? 'entered_in_error' : 'update',
      resourceType: 'contact',
      resourceId: contactId,
      municipalityCode: course.municipalityCode,
      purpose: dto.enteredInErrorReason ?? null,
      details: { courseId, from: contact.status, to, fields: Object.keys(dto) },
    });
    return this.contactView(courseId, contactId);
  }

  async addReferral(courseId: string, dto: CreateReferralDto, ifMatch?: string) {
    const principal = this.context.requirePrincipal();
    const course = await this.load(courseId, true, { action: 'create', resourceType: 'referral', details: { courseId } });
    assertIfMatch(ifMatch, course.version, false);
    assertCourseOpen(course);
    checkEventDate(course, dto.date, this.clock.today());
    const id = await this.repository.insertReferral({
      municipalityCode: course.municipalityCode,
      courseId,
      date: dto.date,
      time: dto.time ?? null,
      destination: dto.destination,
      note: dto.note ?? null,
      createdBy: principal.sub,
    });
    await this.repository.newVersion(courseId);
    await this.audit.record({
      action: 'create',
      resourceType: 'referral',
      resourceId: id,
      municipalityCode: course.municipalityCode,
      details: { courseId },
    });
    const { course: updated } = await this.changed(courseId);
    const referral = updated.referrals.find((r) => r.id === id)!;
    return { ...this.views.referral(referral), createdAt: referral.createdAt };
  }

  async addConsent(courseId: string, dto: CreateConsentDto, ifMatch?: string) {
    const principal = this.context.requirePrincipal();
    const course = await this.load(courseId, true, { action: 'create', resourceType: 'consent', details: { courseId, scope: dto.scope } });
    assertIfMatch(ifMatch, course.version, false);
    assertCourseOpen(course);
    checkEventDate(course, dto.date, this.clock.today());
    checkConsent(course.child?.birthDate ?? null, dto.date, dto.givenBy);
    const id = await this.repository.insertConsent({
      municipalityCode: course.municipalityCode,
      courseId,
      date: dto.date,
      givenBy: dto.givenBy,
      scope: dto.scope,
      createdBy: principal.sub,
    });
    await this.repository.newVersion(courseId);
    await this.audit.record({
      action: 'create',
      resourceType: 'consent',
      resourceId: id,
      municipalityCode: course.municipalityCode,
      details: { courseId, scope: dto.scope },
    });
    const { course: updated } = await this.changed(courseId);
    return updated.consents.find((c) => c.id === id)!;
  }

  async close(courseId: string, dto: CloseCourseDto, ifMatch: string | undefined) {
    const course = await this.load(courseId, true, {
      action: 'close',
      resourceType: 'course',
      resourceId: courseId,
      details: { reason: dto.reason },
    });
    assertIfMatch(ifMatch, course.version, false);
    checkClosure(courseFacts(course), dto.date, this.clock.today());
    await this.repository.close(courseId, dto.date, dto.time ?? null, dto.reason);
    await this.repository.newVersion(courseId);
    await this.audit.record({
      action: 'close',
      resourceType: 'course',
      resourceId: courseId,
      municipalityCode: course.municipalityCode,
      details: { reason: dto.reason },
    });
    return this.view(courseId);
  }

  async reopen(courseId: string, reason: string, ifMatch: string | undefined) {
    const course = await this.load(courseId, true, { action: 'reopen', resourceType: 'course', resourceId: courseId, purpose: reason });
    assertIfMatch(ifMatch, course.version, false);
    checkReopen(courseFacts(course), course.closureDate ? daysBetween(course.closureDate, this.clock.today()) : 0);
    if (course.childId) await this.children.assertNoOtherOpenCourse(course.childId, course.municipalityCode, false, courseId);
    await this.repository.reopen(courseId);
    await this.repository.newVersion(courseId);
    await this.audit.record({
      action: 'reopen',
      resourceType: 'course',
      resourceId: courseId,
      municipalityCode: course.municipalityCode,
      purpose: reason,
    });
    return this.view(courseId);
  }

  async enteredInError(courseId: string, reason: string, ifMatch: string | undefined) {
    const course = await this.load(courseId, true, {
      action: 'entered_in_error',
      resourceType: 'course',
      resourceId: courseId,
      purpose: reason,
    });
    assertIfMatch(ifMatch, course.version, false);
    if (course.status === 'entered_in_error') {
      throw new ConflictError('course_entered_in_error', 'The course is already marked entered in error');
    }
    await this.repository.markEnteredInError(courseId, reason);
    await this.repository.newVersion(courseId);
    await this.audit.record({
      action: 'entered_in_error',
      resourceType: 'course',
      resourceId: courseId,
      municipalityCode: course.municipalityCode,
      purpose: reason,
    });
    return this.view(courseId);
  }

  /**
   * A referral made by mistake is withdrawn (KL-LTT "Corrections": reported to KL as
   * entered-in-error, never deleted). It then counts nowhere: not in the course's summary and so
   * not in reports, extracts or indicators. Open and closed courses take the correction (a
   * referral found wrong after closure is still wrong); a course entered in error takes nothing.
   */
  async referralEnteredInError(courseId: string, referralId: string, reason: string, ifMatch: string | undefined) {
    const course = await this.load(courseId, true, {
      action: 'entered_in_error',
      resourceType: 'referral',
      resourceId: referralId,
      purpose: reason,
      details: { courseId },
    });
    const referral = course.referrals.find((r) => r.id === referralId);
    if (!referral) throw new NotFoundError('Referral');
    assertIfMatch(ifMatch, course.version, false);
    if (course.status === 'entered_in_error') {
      throw new ConflictError('course_entered_in_error', 'The course was entered in error and cannot be changed');
    }
    if (referral.status === 'entered_in_error') {
      throw new ConflictError('referral_entered_in_error', 'The referral is already marked entered in error');
    }
    await this.repository.markReferralEnteredInError(referralId, reason, this.context.requirePrincipal().sub);
    await this.repository.newVersion(courseId);
    await this.audit.record({
      action: 'entered_in_error',
      resourceType: 'referral',
      resourceId: referralId,
      municipalityCode: course.municipalityCode,
      purpose: reason,
      details: { courseId },
    });
    return this.view(courseId);
  }

  /**
   * Makes a worker the course's responsible worker (ansvarlig behandler), or another one instead.
   * Open and closed courses take one (a closed course still has someone following it up, and it
   * can be reopened); a course entered in error takes nothing. Audited as a change of the course,
   * naming who was responsible before and after.
   */
  async assignResponsible(id: string, worker: ResponsibleWorkerDto, ifMatch: string | undefined) {
    const course = await this.changeResponsible(id, ifMatch, worker.sub);
    await this.repository.assignResponsible(id, { sub: worker.sub, name: worker.name.trim() });
    return this.responsibleChanged(course, worker.sub);
  }

  /** The course has no responsible worker any more (audited as assignResponsible is). */
  async clearResponsible(id: string, ifMatch: string | undefined) {
    const course = await this.changeResponsible(id, ifMatch, null);
    await this.repository.clearResponsible(id);
    return this.responsibleChanged(course, null);
  }

  private async changeResponsible(id: string, ifMatch: string | undefined, to: string | null): Promise<CourseRecord> {
    const course = await this.load(id, true, {
      action: 'update',
      resourceType: 'course',
      resourceId: id,
      details: { fields: ['responsible'], responsible: { to } },
    });
    assertIfMatch(ifMatch, course.version);
    if (course.status === 'entered_in_error') assertCourseOpen(course);
    return course;
  }

  private async responsibleChanged(course: CourseRecord, to: string | null) {
    await this.audit.record({
      action: 'update',
      resourceType: 'course',
      resourceId: course.id,
      municipalityCode: course.municipalityCode,
      details: { fields: ['responsible'], responsible: { from: course.responsibleSub, to } },
    });
    return this.view(course.id);
  }

  /**
   * Loads a course the caller may see; anything else is a 404, never a 403 (no existence leak).
   * `attempt` is what the request is about to do with it, noted for the audit log before the
   * look-up: under the caller's municipality until the course is found (which municipality a
   * course they may not see belongs to is not theirs to learn), then under the course's.
   */
  private async load(id: string, lock = false, attempt?: Omit<AuditEvent, 'municipalityCode'>): Promise<CourseRecord> {
    if (attempt) this.audit.attempt({ ...attempt, municipalityCode: this.callerMunicipality() });
    const course = await this.repository.findCourse(id, lock);
    if (!course) throw new NotFoundError('Course');
    if (attempt) this.audit.attempt({ ...attempt, municipalityCode: course.municipalityCode });
    return course;
  }

  /** The caller's municipality when they work for one; null for several (then only administrators see the entry). */
  private callerMunicipality(): string | null {
    const { municipalities } = this.context.requirePrincipal();
    return municipalities.length === 1 ? municipalities[0] : null;
  }

  /** After a change: reload, rewrite the course's summaries in this transaction, and show it. */
  private async view(id: string) {
    const { course, definitions } = await this.changed(id);
    return this.views.course(course, this.clock.today(), this.targetsOf(course, definitions));
  }

  /**
   * After every change of a course, in its transaction: the per-course summaries rewritten, and the
   * hooks other modules registered run with the course as reloaded (the KL delivery writes its
   * outbox: the course's reports planned from the course as stored now).
   */
  private async changed(id: string): Promise<{ course: CourseRecord; definitions: TargetDefinition[] }> {
    const course = await this.load(id);
    const definitions = await this.summaries.refresh(course);
    await this.changeHooks.courseChanged(course);
    return { course, definitions };
  }

  private targetsOf(course: CourseRecord, definitions: TargetDefinition[]) {
    return evaluateTargets(courseFacts(course), definitions, this.clock.today());
  }

  private async contactView(courseId: string, contactId: string) {
    const { course } = await this.changed(courseId);
    return { ...this.views.contact(course.contacts.find((c) => c.id === contactId)!), courseId, courseVersion: course.version };
  }
}

/** A CPR number from a request body, or a 422 `cpr_invalid` naming `field`. */
function readCpr(input: string, field: string): Cpr {
  const cpr = parseCpr(input);
  if (typeof cpr === 'string') {
    throw new RuleViolation(
      'cpr_invalid',
      cpr === 'date' ? 'The CPR number does not start with a real date (DDMMYY)' : 'The CPR number must be 10 digits',
      field,
    );
  }
  return cpr;
}
