import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Population by municipality, year, sex and age (FOLK1A), and the indicators' baseline period. */
export class Monitoring1764180000000 implements MigrationInterface {
  name = 'Monitoring1764180000000';

  async up(_db: QueryRunner): Promise<void> {}

  async down(_db: QueryRunner): Promise<void> {}
}
