import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors.js';
import { MunicipalitiesRepository } from './municipalities.repository.js';

@Injectable()
export class MunicipalitiesService {
  constructor(private readonly repository: MunicipalitiesRepository) {}

  async list() {
    return { items: await this.repository.findAll() };
  }

  async get(code: string) {
    const found = await this.repository.findByCode(code);
    if (!found) throw new NotFoundError('Municipality');
    return found;
  }
}
