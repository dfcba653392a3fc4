import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsLocalDate, IsLocalTime, NestedObject, Omittable, PERIOD_DATES } from '../../common/validation.js';
import {
  CHANNELS,
  CLOSURE_REASONS,
  CONSENT_GIVERS,
  CONSENT_SCOPES,
  CONTACTED_BY,
  FOCUS_AREAS,
  REFERRAL_DESTINATIONS,
  type Channel,
  type ClosureReason,
  type ConsentGiver,
  type ConsentScope,
  type ContactedBy,
  type FocusArea,
  type ReferralDestination,
} from '../../kernel/course.model.js';

const CPR_PATTERN = /^\d{6}-?\d{4}$/;

/** The "mine" filter of the course list and the working list (the caller's own sub, or none set). */
export const RESPONSIBLE_FILTERS = ['me', 'none'] as const;
export type ResponsibleFilter = (typeof RESPONSIBLE_FILTERS)[number];
const CPR_MESSAGE = 'cpr must be 10 digits, written DDMMYYSSSS or DDMMYY-SSSS';

export class FirstContactDto {
  @ApiProperty({ example: '2026-03-02', description: 'Danish local date of the first contact (henvendelse)' })
  @IsLocalDate()
  date: string;

  @ApiPropertyOptional({ example: '09:30', description: 'Danish local time HH:mm' })
  @Omittable()
  @IsLocalTime()
  time?: string;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ enum: CONTACTED_BY })
  @IsIn(CONTACTED_BY)
  contactedBy: ContactedBy;
}

export class CreateCourseDto {
  @ApiProperty({ example: '751' })
  @Matches(/^\d{3}$/, { message: 'municipalityCode must be a 3-digit municipality code' })
  municipalityCode: string;

  @ApiProperty({ type: FirstContactDto })
  @NestedObject(() => FirstContactDto)
  firstContact: FirstContactDto;

  @ApiProperty({ description: 'Clear already at first contact that the child is in the target group (national target 2)' })
  @IsBoolean()
  clearlyInTargetGroup: boolean;

  @ApiPropertyOptional({ example: '1509144002', description: 'CPR number; may be added later' })
  @Omittable()
  @IsString()
  @MaxLength(11)
  @Matches(CPR_PATTERN, { message: CPR_MESSAGE })
  cpr?: string;

  @ApiPropertyOptional({ enum: FOCUS_AREAS, isArray: true })
  @Omittable()
  @IsArray()
  @ArrayUnique()
  @IsIn(FOCUS_AREAS, { each: true })
  focusAreas?: FocusArea[];
}

/** Corrections of the first contact (henvendelse): each field optional. */
export class FirstContactCorrectionDto {
  @ApiPropertyOptional({ example: '2026-03-02' })
  @Omittable()
  @IsLocalDate()
  date?: string;

  @ApiPropertyOptional({ example: '09:30' })
  @Omittable()
  @IsLocalTime()
  time?: string;

  @ApiPropertyOptional({ enum: CHANNELS })
  @Omittable()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ enum: CONTACTED_BY })
  @Omittable()
  @IsIn(CONTACTED_BY)
  contactedBy?: ContactedBy;
}

export class UpdateCourseDto {
  @ApiPropertyOptional({ type: FirstContactCorrectionDto, description: 'Correct the first contact; the course’s clocks follow its date' })
  @Omittable()
  @NestedObject(() => FirstContactCorrectionDto)
  firstContact?: FirstContactCorrectionDto;

  @ApiPropertyOptional({ example: '1509144002', description: 'Add or correct the CPR number' })
  @Omittable()
  @IsString()
  @MaxLength(11)
  @Matches(CPR_PATTERN, { message: CPR_MESSAGE })
  cpr?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  clearlyInTargetGroup?: boolean;

  @ApiPropertyOptional({ enum: FOCUS_AREAS, isArray: true, description: 'Replaces the focus areas' })
  @Omittable()
  @IsArray()
  @ArrayUnique()
  @IsIn(FOCUS_AREAS, { each: true })
  focusAreas?: FocusArea[];
}

export class ListCoursesQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({
    description:
      'Search by CPR. Prefer the X-CPR header, which keeps the number out of URLs; the query form is accepted for compatibility and never logged.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(11)
  @Matches(CPR_PATTERN, { message: CPR_MESSAGE })
  cpr?: string;

  @ApiPropertyOptional({ example: '751' })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'municipality must be a 3-digit municipality code' })
  municipality?: string;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsLocalDate({ within: PERIOD_DATES })
  firstContactFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsLocalDate({ within: PERIOD_DATES })
  firstContactTo?: string;

  @ApiPropertyOptional({ description: 'Only courses without a CPR number (held back from KL and extracts)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  missingCpr?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: RESPONSIBLE_FILTERS,
    description: 'me: only courses whose responsible worker is you (your token’s sub); none: only courses without one',
  })
  @IsOptional()
  @IsIn(RESPONSIBLE_FILTERS)
  responsible?: ResponsibleFilter;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page = 1;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize = 50;
}

export class GetCourseQueryDto {
  @ApiPropertyOptional({ enum: ['cpr'], description: 'reveal=cpr shows the full CPR number (audited)' })
  @IsOptional()
  @IsIn(['cpr'])
  reveal?: 'cpr';
}

export class CreateReferralDto {
  @ApiProperty({ example: '2026-03-20' })
  @IsLocalDate()
  date: string;

  @ApiProperty({ enum: REFERRAL_DESTINATIONS })
  @IsIn(REFERRAL_DESTINATIONS)
  destination: ReferralDestination;

  @ApiPropertyOptional({ example: '14:30', description: 'Danish local time HH:mm of the referral (sent to KL with the date)' })
  @Omittable()
  @IsLocalTime()
  time?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Omittable()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CloseCourseDto {
  @ApiProperty({ example: '2026-05-01' })
  @IsLocalDate()
  date: string;

  @ApiPropertyOptional({ example: '14:30', description: 'Danish local time HH:mm of the closure (sent to KL with the date)' })
  @Omittable()
  @IsLocalTime()
  time?: string;

  @ApiProperty({ enum: CLOSURE_REASONS })
  @IsIn(CLOSURE_REASONS)
  reason: ClosureReason;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 1000 })
  @IsString()
  @IsNotEmpty({ message: 'reason must not be empty' })
  @MaxLength(1000)
  reason: string;
}

export class CreateConsentDto {
  @ApiProperty({ example: '2026-03-10' })
  @IsLocalDate()
  date: string;

  @ApiProperty({ enum: CONSENT_GIVERS })
  @IsIn(CONSENT_GIVERS)
  givenBy: ConsentGiver;

  @ApiProperty({ enum: CONSENT_SCOPES })
  @IsIn(CONSENT_SCOPES)
  scope: ConsentScope;
}

/**
 * A course's responsible worker (ansvarlig behandler), as their token names them: its subject
 * and display name. The service has no register of workers (the identity provider keeps them),
 * so whoever sets one says who it is; the front offers the caller's own from GET /api/v1/me.
 */
export class ResponsibleWorkerDto {
  @ApiProperty({ maxLength: 255, example: 'c3a1e2f4-caseworker', description: 'The worker’s subject: the `sub` of their token' })
  @IsString()
  @IsNotEmpty({ message: 'sub must not be empty' })
  @MaxLength(255)
  @Matches(/\S/, { message: 'sub must not be blank' })
  // As the token verifier takes a sub (src/auth/token-verifier.ts): no control characters.
  @Matches(/^[^\p{Cc}]*$/u, { message: 'sub must not contain control characters' })
  sub: string;

  @ApiProperty({ maxLength: 200, example: 'Sara Sagsbehandler', description: 'Their display name, as their token carries it' })
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  @Matches(/\S/, { message: 'name must not be blank' })
  @Matches(/^[^\p{Cc}]*$/u, { message: 'name must not contain control characters' })
  name: string;
}
