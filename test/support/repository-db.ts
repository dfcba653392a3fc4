/**
 * Medium tests: repositories called directly against a migrated copy of the test template, as
 * the application role (row-level security applies), in tenant transactions as a request runs:
 *
 *   const sut = await openRepositoryDatabase();
 *   const rows = await sut.asMunicipality('751', () => new CoursesRepository(sut.db).findCourse(id));
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../src/common/request-context.js';
import { AppConfig } from '../../src/config/app-config.js';
import { validateEnv } from '../../src/config/env.js';
import { dataSourceOptions } from '../../src/database/data-source.js';
import { Db } from '../../src/database/db.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface RepositoryDatabase {
  test: TestDatabase;
  db: Db;
  context: RequestContext;
  /** A configuration with fresh random keys (the CPR vault's, for fixtures that need one). */
  config: AppConfig;
  /** Runs `fn` in one transaction with the row-level-security settings of a caller of `municipality`. */
  asMunicipality<T>(municipality: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openRepositoryDatabase(): Promise<RepositoryDatabase> {
  const test = await createTestDatabase();
  const dataSource = await new DataSource(dataSourceOptions(test.appUrl, 2)).initialize();
  const context = new RequestContext();
  const db = new Db(dataSource, context);
  const key = () => randomBytes(32);
  const config = new AppConfig(
    validateEnv({ NODE_ENV: 'test' }),
    { appUrl: test.appUrl, poolSize: 2 },
    {
      mode: 'local',
      issuer: 'x',
      audience: 'x',
      algorithms: ['ES256'],
      clockToleranceSeconds: 0,
      claims: { roles: 'roles', municipalities: 'municipalities', name: 'name' },
    },
    { cprKeys: new Map([['k1', key()]]), currentKeyId: 'k1', cprIndexKey: key(), extractKeyEncryptionKey: key() },
  );
  return {
    test,
    db,
    context,
    config,
    asMunicipality: (municipality, fn) =>
      context.run({ requestId: `medium-${randomUUID()}` }, () =>
        db.tenantTransaction({ sub: 'medium', roles: ['caseworker', 'manager'], municipalities: [municipality] }, fn),
      ),
    async close() {
      await dataSource.destroy();
      await test.drop();
    },
  };
}
