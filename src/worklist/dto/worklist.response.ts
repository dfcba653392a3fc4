import { ApiProperty } from '@nestjs/swagger';
import { ResponsibleWorkerView } from '../../courses/dto/course.response.js';
import { WORKLIST_FLAGS, type WorklistFlag } from '../worklist.rules.js';

/** One running clock of an open course, with what to do about it. */
export class WorklistItem {
  @ApiProperty({ format: 'uuid', example: '6f1d3c2a-7b4e-4f7a-9c1d-2e5b8a9f0c31' })
  courseId: string;

  @ApiProperty({ example: 'pre_conversation_14d', description: 'The target whose clock runs' })
  target: string;

  @ApiProperty({ format: 'date', example: '2026-03-16', description: 'The last day on which holding the step still meets the target' })
  deadline: string;

  @ApiProperty({ type: 'integer', example: 2, description: 'Days from today to the deadline: 0 on the day, negative once passed' })
  daysLeft: number;

  @ApiProperty({ format: 'date', example: '2026-03-02' })
  firstContactDate: string;

  @ApiProperty({ format: 'date', example: '2026-03-02', description: 'When this clock started' })
  clockStart: string;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-03-13',
    description: 'The next booking (today or later) that would stop it',
  })
  nextPlannedDate: string | null;

  @ApiProperty({ enum: WORKLIST_FLAGS, enumName: 'WorklistFlag', isArray: true, example: ['due_soon'] })
  flags: WorklistFlag[];

  @ApiProperty({ type: () => ResponsibleWorkerView, nullable: true, description: 'The course’s responsible worker; null when none is set' })
  responsible: ResponsibleWorkerView | null;
}

export class Worklist {
  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  municipality: string;

  @ApiProperty({ format: 'date', example: '2026-03-14', description: 'Today, as a Danish local date' })
  today: string;

  @ApiProperty({ type: 'integer', example: 3, description: 'The due_soon horizon used' })
  dueWithinDays: number;

  @ApiProperty({ type: () => [WorklistItem], description: 'Soonest deadline first' })
  items: WorklistItem[];
}
