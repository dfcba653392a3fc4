import pg from 'pg';

/** What one table holds: its row count and a hash of every row's text. */
export interface TableState {
  rows: number;
  hash: string;
}

export interface Snapshot {
  tables: Record<string, TableState>;
  /** `id → version` of every course and contact: the ETags a client holds. */
  versions: Map<string, number>;
  /** The audit log grows by design; the highest id seen, to read what a request added. */
  lastAuditId: number;
}

/**
 * Every table of the database, seen as the superuser (row-level security does not apply to it),
 * read in one statement: row counts and a hash of the rows of every table (the audit log by its
 * rows added), and the versions of every course and contact. Built from the catalogue, so a new
 * table is covered without anyone listing it.
 */
export class DatabaseSnapshots {
  private sql = '';
  private hasOutcome = false;
  /** The tables compared by content (every table but the audit log). */
  tables: string[] = [];

  private constructor(private readonly client: pg.Client) {}

  static async connect(superuserUrl: string): Promise<DatabaseSnapshots> {
    const client = new pg.Client({ connectionString: superuserUrl });
    await client.connect();
    const snapshots = new DatabaseSnapshots(client);
    const { rows } = await client.query<{ table: string }>(
      `SELECT table_name AS table FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'audit_log' ORDER BY table_name`,
    );
    snapshots.tables = rows.map((r) => r.table);
    snapshots.sql = rows
      .map(
        ({ table }) =>
          `SELECT '${table}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM "${table}" x`,
      )
      .join('\nUNION ALL ');
    const outcome = await client.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'audit_log' AND column_name = 'outcome'`,
    );
    snapshots.hasOutcome = Boolean(outcome.rowCount);
    return snapshots;
  }

  /** One statement, one round trip: it runs after every request of the fuzzer. */
  async take(): Promise<Snapshot> {
    const { rows } = await this.client.query<{
      snap: { tables: Record<string, [number, string]>; versions: Record<string, number> | null; audit: number };
    }>(
      `SELECT json_build_object(
         'tables', (SELECT json_object_agg(t, json_build_array(n, h)) FROM (${this.sql}) s),
         'versions', (SELECT json_object_agg(id, version) FROM (SELECT id::text, version FROM course UNION ALL SELECT id::text, version FROM contact) v),
         'audit', (SELECT coalesce(max(id), 0) FROM audit_log)) AS snap`,
    );
    const { tables, versions, audit } = rows[0].snap;
    return {
      tables: Object.fromEntries(Object.entries(tables).map(([t, [n, h]]) => [t, { rows: n, hash: h }])),
      versions: new Map(Object.entries(versions ?? {})),
      lastAuditId: Number(audit),
    };
  }

  /** Audit rows added after `since`: `outcome` is `failed` for a failed attempt, when the column exists. */
  async auditSince(since: number): Promise<{ id: number; action: string; outcome: string }[]> {
    const outcome = this.hasOutcome ? 'outcome' : `'succeeded'`;
    const { rows } = await this.client.query(`SELECT id::int, action, ${outcome} AS outcome FROM audit_log WHERE id > $1 ORDER BY id`, [
      since,
    ]);
    return rows;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** The tables whose rows changed between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return Object.keys({ ...before.tables, ...after.tables }).filter(
    (t) => before.tables[t]?.rows !== after.tables[t]?.rows || before.tables[t]?.hash !== after.tables[t]?.hash,
  );
}
