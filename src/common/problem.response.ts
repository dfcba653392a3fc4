import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { PROBLEM_BASE } from './problem.filter.js';

/** One invalid field of a request, as `errors[]` of a problem names it. */
@ApiSchema({ name: 'FieldError', description: 'One invalid field: which, the rule it broke (stable, machine-readable) and why' })
export class FieldErrorView {
  @ApiProperty({ example: 'firstContact.date', description: 'The field: a dotted path into the body, a query parameter or a header' })
  field: string;

  @ApiProperty({
    example: 'isLocalDate',
    description: 'The rule, stable and machine-readable (translate by this, not by the message)',
  })
  code: string;

  @ApiProperty({ example: 'date must be a real date written YYYY-MM-DD' })
  message: string;
}

/**
 * The one error body of the service (RFC 9457 problem details), written by `ProblemFilter`
 * and the rate limiter. Every 4xx and 5xx is `application/problem+json` of this shape.
 */
@ApiSchema({
  name: 'Problem',
  description:
    'RFC 9457 problem details: the body of every 4xx and 5xx response, as application/problem+json. ' +
    '`type` ends with a stable code (e.g. `validation`, `not_found`, `open_course_exists`).',
})
export class ProblemView {
  @ApiProperty({ format: 'uri', example: `${PROBLEM_BASE}validation`, description: `${PROBLEM_BASE} followed by the problem's code` })
  type: string;

  @ApiProperty({ example: 'Bad Request', description: 'The HTTP status in words' })
  title: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  status: number;

  @ApiProperty({ example: 'date must be a real date written YYYY-MM-DD', description: 'What went wrong, for a person (English)' })
  detail: string;

  @ApiPropertyOptional({ format: 'uri-reference', description: 'The occurrence, where one is named (RFC 9457); not set today' })
  instance?: string;

  @ApiProperty({
    example: '3f2c9a4e-8d51-4c0b-9f4e-2b7d1c6a5e10',
    description: 'The request id (the X-Request-Id response header): quote it when reporting a problem',
  })
  requestId: string;

  @ApiPropertyOptional({ type: () => [FieldErrorView], description: 'The fields that broke a rule (validation and rule violations)' })
  errors?: FieldErrorView[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Structured detail a check gives (the health checks’ results)',
    example: { database: { status: 'down' } },
  })
  details?: Record<string, unknown>;
}
