import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsLocalDate, IsLocalTime, Omittable } from '../../common/validation.js';
import {
  BOOKABLE_CONTACT_TYPES,
  DELIVERIES,
  MODES,
  OUTCOMES,
  PARTICIPANTS,
  type BookableContactType,
  type Delivery,
  type Mode,
  type Outcome,
  type Participants,
} from '../../kernel/course.model.js';

const NEW_STATUSES = ['planned', 'held', 'cancelled_by_family', 'cancelled_by_municipality', 'no_show'] as const;
const PATCH_STATUSES = [...NEW_STATUSES, 'entered_in_error'] as const;

class ContactFields {
  @ApiPropertyOptional({ example: '14:00' })
  @Omittable()
  @IsLocalTime()
  time?: string;

  @ApiPropertyOptional({ enum: PARTICIPANTS, description: 'Treatment: the child present, or carers only' })
  @Omittable()
  @IsIn(PARTICIPANTS)
  participants?: Participants;

  @ApiPropertyOptional({ enum: DELIVERIES, description: 'Treatment: individual or group; screening: the recommended delivery' })
  @Omittable()
  @IsIn(DELIVERIES)
  delivery?: Delivery;

  @ApiPropertyOptional({ enum: MODES })
  @Omittable()
  @IsIn(MODES)
  mode?: Mode;

  @ApiPropertyOptional({ minimum: 1, maximum: 1440 })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes?: number;

  @ApiPropertyOptional({ maxLength: 200, description: 'Treatment: the manual followed; screening: the recommended programme' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  programme?: string;

  @ApiPropertyOptional({ enum: OUTCOMES })
  @Omittable()
  @IsIn(OUTCOMES)
  outcome?: Outcome;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Treatment without a screening that offered it: why' })
  @Omittable()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class CreateContactDto extends ContactFields {
  @ApiProperty({ enum: BOOKABLE_CONTACT_TYPES })
  @IsIn(BOOKABLE_CONTACT_TYPES)
  type: BookableContactType;

  @ApiProperty({ example: '2026-03-10' })
  @IsLocalDate()
  date: string;

  @ApiProperty({ enum: NEW_STATUSES })
  @IsIn(NEW_STATUSES)
  status: (typeof NEW_STATUSES)[number];
}

export class UpdateContactDto extends ContactFields {
  @ApiPropertyOptional({ example: '2026-03-10' })
  @Omittable()
  @IsLocalDate()
  date?: string;

  @ApiPropertyOptional({ enum: PATCH_STATUSES })
  @Omittable()
  @IsIn(PATCH_STATUSES)
  status?: (typeof PATCH_STATUSES)[number];

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required with status entered_in_error' })
  // Checked whenever it is given, whatever the status: it is stored and audited as the purpose.
  @ValidateIf((o: UpdateContactDto) => o.status === 'entered_in_error' || o.enteredInErrorReason !== undefined)
  @IsString({ message: 'enteredInErrorReason must be a string; it is required when status is entered_in_error' })
  @MaxLength(1000)
  enteredInErrorReason?: string;
}
