import { Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidInputError } from './errors.js';

/** Path parameter `code`: a 3-digit municipality code. */
@Injectable()
export class MunicipalityCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^\d{3}$/.test(value)) throw new InvalidInputError('code', 'matches', 'code must be a 3-digit municipality code');
    return value;
  }
}
