import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { etagOf } from '../common/etag.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { ApiProblems, HEADERS, INVALID_REQUEST, invalid, type ProblemSpec } from '../common/openapi.js';
import { CoursesService } from './courses.service.js';
import {
  CloseCourseDto,
  CreateConsentDto,
  CreateCourseDto,
  CreateReferralDto,
  GetCourseQueryDto,
  ListCoursesQueryDto,
  ReasonDto,
  ResponsibleWorkerDto,
  UpdateCourseDto,
} from './dto/course.dto.js';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto.js';
import { CourseList, CourseView, RecordedConsentView, RecordedContactView, RecordedReferralView } from './dto/course.response.js';

const NOT_FOUND: ProblemSpec = { description: 'No such course, or not yours to see (never said which)', detail: 'Course was not found' };
const CONTACT_NOT_FOUND: ProblemSpec = { description: 'No such course or contact, or not yours to see', detail: 'Contact was not found' };
const REFERRAL_NOT_FOUND: ProblemSpec = {
  description: 'No such course or referral, or not yours to see',
  detail: 'Referral was not found',
};
const BAD_ID: ProblemSpec = {
  description: 'An id is not a UUID, or the query or body is invalid: errors names each field (or path parameter) and the rule it broke',
  code: 'invalid_input',
  detail: 'id must be a UUID',
  errors: [{ field: 'id', code: 'uuid', message: 'id must be a UUID' }],
};
const CLOSED: ProblemSpec = {
  description: 'The course is closed or entered in error, and takes no changes',
  code: 'course_closed',
  detail: 'The course is closed; reopen it to add to it',
};
const ENTERED_IN_ERROR: ProblemSpec = {
  description: 'The course is entered in error, and takes no changes',
  code: 'course_entered_in_error',
  detail: 'The course was entered in error and cannot be changed',
};
const STALE: ProblemSpec = {
  description: 'If-Match does not match the current version: someone else changed it since you read it',
  detail: 'The resource has changed since you read it (If-Match does not match its version)',
};
const IF_MATCH_REQUIRED: ProblemSpec = {
  description: 'If-Match is missing: send the ETag you read',
  detail: 'This change needs an If-Match header with the version you read',
};
const IF_MATCH_OPTIONAL = {
  name: 'If-Match',
  required: false,
  description: 'The course’s ETag as you read it: when given, a course changed since is a 412',
  example: '"3"',
};
const COURSE_TAGGED = { type: CourseView, headers: { ETag: HEADERS.etag } };

/** Sets the ETag (and, for a creation, Location) from the returned resource. */
function tagged<T extends { version: number; id: string }>(res: Response, body: T, location?: string): T {
  res.setHeader('ETag', etagOf(body.version));
  if (location) res.setHeader('Location', location);
  return body;
}

@ApiTags('courses')
@ApiHeader({
  name: 'X-Purpose',
  required: false,
  description: 'Why personal data is read; kept in the audit log',
  example: 'Opfølgning på forsamtale',
})
@Roles('caseworker', 'manager')
@Controller('api/v1/courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Post()
  @ApiOperation({ summary: 'Register a first contact (henvendelse) and open a course' })
  @ApiCreatedResponse({
    description: 'The course, opened',
    type: CourseView,
    headers: { ETag: HEADERS.etag, Location: { ...HEADERS.location, required: true } },
  })
  @ApiProblems({
    400: INVALID_REQUEST,
    403: {
      description: 'Your role does not allow this (caseworker or manager), or you do not work for municipalityCode',
      detail: 'You do not work for municipality 101',
    },
    409: {
      description: 'The child already has an open course in this municipality',
      code: 'open_course_exists',
      detail: 'The child already has an open course in this municipality; add to it or close it first',
    },
    422: {
      description: 'A rule of the domain: the first contact is in the future, or the CPR does not start with a real date',
      code: 'first_contact_in_future',
      detail: 'The first contact cannot be dated after today (2026-03-02)',
      errors: [
        {
          field: 'firstContact.date',
          code: 'first_contact_in_future',
          message: 'The first contact cannot be dated after today (2026-03-02)',
        },
      ],
    },
  })
  async create(@Body() dto: CreateCourseDto, @Res({ passthrough: true }) res: Response) {
    const course = await this.courses.create(dto);
    return tagged(res, course, `/api/v1/courses/${course.id}`);
  }

  @Get()
  @ApiOperation({ summary: 'List and search courses (by CPR: X-CPR header, matched by blind index; audited)' })
  @ApiHeader({
    name: 'X-CPR',
    required: false,
    description: 'Search by CPR without putting it in the URL (10 digits, DDMMYYSSSS or DDMMYY-SSSS)',
    example: '1509144002',
  })
  @ApiOkResponse({ description: 'One page of courses', type: CourseList })
  @ApiProblems({
    400: invalid('page', 'min', 'page must not be less than 1'),
    422: {
      description: 'X-CPR is empty, or not a CPR number (10 digits starting with a real date)',
      code: 'cpr_invalid',
      detail: 'The CPR number does not start with a real date',
      errors: [{ field: 'cpr', code: 'cpr_invalid', message: 'The CPR number does not start with a real date' }],
    },
  })
  list(@Query() query: ListCoursesQueryDto, @Headers('X-CPR') cpr?: string) {
    return this.courses.list(query, cpr);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One course with its contacts, referrals, consents and targets; reveal=cpr shows the CPR (audited)' })
  @ApiOkResponse({ description: 'The course', ...COURSE_TAGGED })
  @ApiProblems({ 400: BAD_ID, 404: NOT_FOUND })
  async get(@Param('id', UuidPipe) id: string, @Query() query: GetCourseQueryDto, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.courses.get(id, query.reveal === 'cpr'));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Add or correct the CPR, clearlyInTargetGroup or focus areas (If-Match required)' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The course’s ETag as you read it', example: '"3"' })
  @ApiOkResponse({ description: 'The course, changed', ...COURSE_TAGGED })
  @ApiProblems({
    400: BAD_ID,
    404: NOT_FOUND,
    409: {
      description: 'The course is entered in error, its first contact can no longer move, or the child already has another open course',
      code: 'open_course_exists',
      detail: 'The child already has an open course in this municipality; add to it or close it first',
    },
    412: STALE,
    422: {
      description:
        'A rule of the domain: a CPR that does not start with a real date, a first contact in the future or after later contacts',
      code: 'cpr_invalid',
      detail: 'The CPR number does not start with a real date (DDMMYY)',
      errors: [{ field: 'cpr', code: 'cpr_invalid', message: 'The CPR number does not start with a real date (DDMMYY)' }],
    },
    428: IF_MATCH_REQUIRED,
  })
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpdateCourseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.update(id, dto, ifMatch));
  }

  @Post(':id/contacts')
  @ApiOperation({ summary: 'Register a contact: planned, held, cancelled or no-show' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiCreatedResponse({
    description: 'The contact, with the course’s new version; the ETag is the contact’s',
    type: RecordedContactView,
    headers: { ETag: HEADERS.etag, Location: { ...HEADERS.location, required: true } },
  })
  @ApiProblems({
    400: BAD_ID,
    404: NOT_FOUND,
    409: CLOSED,
    412: STALE,
    422: {
      description: 'A rule of the domain: a planned contact in the past, a held one in the future, an outcome or programme missing',
      code: 'planned_in_past',
      detail: 'A planned contact cannot be booked before today (2026-03-02, Danish time)',
      errors: [
        { field: 'date', code: 'planned_in_past', message: 'A planned contact cannot be booked before today (2026-03-02, Danish time)' },
      ],
    },
  })
  async addContact(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateContactDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const contact = await this.courses.addContact(id, dto, ifMatch);
    return tagged(res, contact, `/api/v1/courses/${id}/contacts/${contact.id}`);
  }

  @Patch(':id/contacts/:contactId')
  @ApiOperation({ summary: 'A planned contact becomes held, cancelled or no-show; corrections; entered_in_error (If-Match required)' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The contact’s ETag (its version) as you read it', example: '"1"' })
  @ApiOkResponse({
    description: 'The contact, changed, with the course’s new version; the ETag is the contact’s',
    type: RecordedContactView,
    headers: { ETag: HEADERS.etag },
  })
  @ApiProblems({
    400: BAD_ID,
    404: CONTACT_NOT_FOUND,
    409: {
      description: 'The course is closed, or the contact cannot go from its status to the one asked for',
      code: 'invalid_transition',
      detail: 'A held contact cannot become planned',
    },
    412: STALE,
    422: {
      description: 'A rule of the domain: a planned contact moved into the past, a held one in the future, an outcome or programme missing',
      code: 'held_in_future',
      detail: 'A held contact cannot be dated after today (2026-03-02, Danish time)',
      errors: [{ field: 'date', code: 'held_in_future', message: 'A held contact cannot be dated after today (2026-03-02, Danish time)' }],
    },
    428: IF_MATCH_REQUIRED,
  })
  async updateContact(
    @Param('id', UuidPipe) id: string,
    @Param('contactId', UuidPipe) contactId: string,
    @Body() dto: UpdateContactDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.updateContact(id, contactId, dto, ifMatch));
  }

  @Post(':id/referrals')
  @ApiOperation({ summary: 'Record guidance or a referral to another offer' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiCreatedResponse({ description: 'The referral', type: RecordedReferralView })
  @ApiProblems({
    400: BAD_ID,
    404: NOT_FOUND,
    409: CLOSED,
    412: STALE,
    422: {
      description: 'The date is in the future or before the first contact',
      code: 'date_in_future',
      detail: 'The date cannot be after today (2026-03-02)',
      errors: [{ field: 'date', code: 'date_in_future', message: 'The date cannot be after today (2026-03-02)' }],
    },
  })
  async addReferral(@Param('id', UuidPipe) id: string, @Body() dto: CreateReferralDto, @Headers('if-match') ifMatch: string | undefined) {
    return this.courses.addReferral(id, dto, ifMatch);
  }

  @Post(':id/referrals/:referralId/entered-in-error')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Withdraw a referral made by mistake: kept on the course as entered in error, counted nowhere, reported to KL as entered-in-error',
  })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ description: 'The course, with the referral entered in error', ...COURSE_TAGGED })
  @ApiProblems({
    400: BAD_ID,
    404: REFERRAL_NOT_FOUND,
    409: {
      description: 'The referral is already entered in error, or the course is',
      code: 'referral_entered_in_error',
      detail: 'The referral is already marked entered in error',
    },
    412: STALE,
  })
  async referralEnteredInError(
    @Param('id', UuidPipe) id: string,
    @Param('referralId', UuidPipe) referralId: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.referralEnteredInError(id, referralId, dto.reason, ifMatch));
  }

  @Post(':id/consents')
  @ApiOperation({ summary: 'Record a consent (from 15 the young person, below 15 the custodial parent(s))' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiCreatedResponse({ description: 'The consent', type: RecordedConsentView })
  @ApiProblems({
    400: BAD_ID,
    404: NOT_FOUND,
    409: CLOSED,
    412: STALE,
    422: {
      description: 'The date is in the future or before the first contact, or the wrong person consents for the child’s age',
      code: 'consent_by_young_person_required',
      detail: 'From age 15 the young person gives their own consent (sundhedsloven § 17)',
      errors: [
        {
          field: 'givenBy',
          code: 'consent_by_young_person_required',
          message: 'From age 15 the young person gives their own consent (sundhedsloven § 17)',
        },
      ],
    },
  })
  async addConsent(@Param('id', UuidPipe) id: string, @Body() dto: CreateConsentDto, @Headers('if-match') ifMatch: string | undefined) {
    return this.courses.addConsent(id, dto, ifMatch);
  }

  @Put(':id/responsible')
  @ApiOperation({
    summary: 'Make a worker the course’s responsible worker (ansvarlig behandler), or another one instead (If-Match required; audited)',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The course’s ETag as you read it', example: '"3"' })
  @ApiOkResponse({ description: 'The course, with its responsible worker', ...COURSE_TAGGED })
  @ApiProblems({
    400: BAD_ID,
    404: NOT_FOUND,
    409: ENTERED_IN_ERROR,
    412: STALE,
    428: IF_MATCH_REQUIRED,
  })
  async assignResponsible(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ResponsibleWorkerDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.assignResponsible(id, dto, ifMatch));
  }

  @Delete(':id/responsible')
  @ApiOperation({ summary: 'The course has no responsible worker any more (If-Match required; audited)' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The course’s ETag as you read it', example: '"3"' })
  @ApiOkResponse({ description: 'The course, without a responsible worker', ...COURSE_TAGGED })
  @ApiProblems({ 400: BAD_ID, 404: NOT_FOUND, 409: ENTERED_IN_ERROR, 412: STALE, 428: IF_MATCH_REQUIRED })
  async clearResponsible(
    @Param('id', UuidPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.clearResponsible(id, ifMatch));
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the course' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ description: 'The course, closed', ...COURSE_TAGGED })
  @ApiProblems({
    400: BAD_ID,
    404: NOT_FOUND,
    409: CLOSED,
    412: STALE,
    422: {
      description: 'The closure date is in the future or before the last held contact',
      code: 'closure_in_future',
      detail: 'A course cannot be closed after today (2026-03-02)',
      errors: [{ field: 'date', code: 'closure_in_future', message: 'A course cannot be closed after today (2026-03-02)' }],
    },
  })
  async close(
    @Param('id', UuidPipe) id: string,
    @Body() dto: CloseCourseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.close(id, dto, ifMatch));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a course closed within the last 90 days (reason audited)' })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ description: 'The course, open again', ...COURSE_TAGGED })
  @ApiProblems({
    400: BAD_ID,
    404: NOT_FOUND,
    409: {
      description: 'The course is not closed, or the child has another open course',
      code: 'course_not_closed',
      detail: 'Only a closed course can be reopened',
    },
    412: STALE,
    422: {
      description: 'The course closed more than 90 days ago',
      code: 'reopen_window_passed',
      detail: 'A course can be reopened within 90 days of closure; register a new first contact instead',
    },
  })
  async reopen(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.reopen(id, dto.reason, ifMatch));
  }

  @Post(':id/entered-in-error')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw a course registered by mistake: gone from lists, reports and extracts; reported to KL as entered in error',
  })
  @ApiHeader(IF_MATCH_OPTIONAL)
  @ApiOkResponse({ description: 'The course, entered in error', ...COURSE_TAGGED })
  @ApiProblems({
    400: BAD_ID,
    404: NOT_FOUND,
    409: {
      description: 'The course is already entered in error',
      code: 'course_entered_in_error',
      detail: 'The course is already marked entered in error',
    },
    412: STALE,
  })
  async enteredInError(
    @Param('id', UuidPipe) id: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.enteredInError(id, dto.reason, ifMatch));
  }
}
