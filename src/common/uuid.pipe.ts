import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { InvalidInputError } from './errors.js';

/**
 * A path parameter that is a resource id (a UUID of any version). A malformed id is a 400 that
 * names the parameter and the rule, like every other invalid input (docs/architecture.md,
 * "Errors"); Nest's ParseUUIDPipe says neither.
 */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    const field = metadata.data ?? 'id';
    if (!isUUID(value)) throw new InvalidInputError(field, 'uuid', `${field} must be a UUID`);
    return value;
  }
}
