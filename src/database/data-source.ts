import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';

export const MIGRATIONS_TABLE = 'typeorm_migrations';

export function dataSourceOptions(url: string, poolSize = 10, connectTimeoutMs = 5000): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    logging: false,
    // Also bounds the wait for a free connection from a full pool: a 503, never a request that hangs.
    connectTimeoutMS: connectTimeoutMs,
    extra: { max: poolSize, application_name: 'ltt-case-tracker' },
  };
}

/** Applies pending migrations as the schema owner; returns the names applied. */
export async function runMigrations(ownerUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(ownerUrl, 1));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Refuses to run the application as a role that would make row-level security moot. */
export async function assertLeastPrivilege(dataSource: DataSource): Promise<void> {
  const [role] = await dataSource.query(`SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
  if (role.rolsuper || role.rolbypassrls) {
    throw new Error(
      `The application's database role ${role.rolname} is a superuser or bypasses row-level security; connect as the ltt_app role (see README)`,
    );
  }
}
