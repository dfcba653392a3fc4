import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { etagOf } from '../common/etag.js';
import { CoursesService } from './courses.service.js';
import {
  CloseCourseDto,
  CreateConsentDto,
  CreateCourseDto,
  CreateReferralDto,
  GetCourseQueryDto,
  ListCoursesQueryDto,
  ReasonDto,
  UpdateCourseDto,
} from './dto/course.dto.js';
import { CreateContactDto, UpdateContactDto } from './dto/contact.dto.js';

const uuid = new ParseUUIDPipe({ version: undefined });

/** Sets the ETag (and, for a creation, Location) from the returned resource. */
function tagged<T extends { version: number; id: string }>(res: Response, body: T, location?: string): T {
  res.setHeader('ETag', etagOf(body.version));
  if (location) res.setHeader('Location', location);
  return body;
}

@ApiTags('courses')
@ApiBearerAuth()
@ApiHeader({ name: 'X-Purpose', required: false, description: 'Why personal data is read; kept in the audit log' })
@Roles('caseworker', 'manager')
@Controller('api/v1/courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Post()
  @ApiOperation({ summary: 'Register a first contact (henvendelse) and open a course' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async create(@Body() dto: CreateCourseDto, @Res({ passthrough: true }) res: Response) {
    const course = await this.courses.create(dto);
    return tagged(res, course, `/api/v1/courses/${course.id}`);
  }

  @Get()
  @ApiOperation({ summary: 'List and search courses (by CPR: X-CPR header, matched by blind index; audited)' })
  @ApiHeader({ name: 'X-CPR', required: false, description: 'Search by CPR without putting it in the URL' })
  list(@Query() query: ListCoursesQueryDto, @Headers('x-cpr') cpr?: string) {
    return this.courses.list(query, cpr);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One course with its contacts, referrals, consents and targets; reveal=cpr shows the CPR (audited)' })
  async get(@Param('id', uuid) id: string, @Query() query: GetCourseQueryDto, @Res({ passthrough: true }) res: Response) {
    return tagged(res, await this.courses.get(id, query.reveal === 'cpr'));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Add or correct the CPR, clearlyInTargetGroup or focus areas (If-Match required)' })
  @ApiHeader({ name: 'If-Match', required: true })
  async update(
    @Param('id', uuid) id: string,
    @Body() dto: UpdateCourseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.update(id, dto, ifMatch));
  }

  @Post(':id/contacts')
  @ApiOperation({ summary: 'Register a contact: planned, held, cancelled or no-show' })
  async addContact(@Param('id', uuid) id: string, @Body() dto: CreateContactDto, @Res({ passthrough: true }) res: Response) {
    const contact = await this.courses.addContact(id, dto);
    return tagged(res, contact, `/api/v1/courses/${id}/contacts/${contact.id}`);
  }

  @Patch(':id/contacts/:contactId')
  @ApiOperation({ summary: 'A planned contact becomes held, cancelled or no-show; corrections; entered_in_error (If-Match required)' })
  @ApiHeader({ name: 'If-Match', required: true })
  async updateContact(
    @Param('id', uuid) id: string,
    @Param('contactId', uuid) contactId: string,
    @Body() dto: UpdateContactDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.updateContact(id, contactId, dto, ifMatch));
  }

  @Post(':id/referrals')
  @ApiOperation({ summary: 'Record guidance or a referral to another offer' })
  async addReferral(@Param('id', uuid) id: string, @Body() dto: CreateReferralDto) {
    return this.courses.addReferral(id, dto);
  }

  @Post(':id/consents')
  @ApiOperation({ summary: 'Record a consent (from 15 the young person, below 15 the custodial parent(s))' })
  async addConsent(@Param('id', uuid) id: string, @Body() dto: CreateConsentDto) {
    return this.courses.addConsent(id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the course' })
  async close(
    @Param('id', uuid) id: string,
    @Body() dto: CloseCourseDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.close(id, dto, ifMatch));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a course closed within the last 90 days (reason audited)' })
  async reopen(
    @Param('id', uuid) id: string,
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
  async enteredInError(
    @Param('id', uuid) id: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return tagged(res, await this.courses.enteredInError(id, dto.reason, ifMatch));
  }
}
