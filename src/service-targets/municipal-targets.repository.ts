import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { TargetDefinition, TargetKind } from './target-definitions.js';

export interface MunicipalTargetRow extends TargetDefinition {
  id: string;
  createdBy: string;
  createdAt: string;
}

/**
 * The advisory lock on a municipality's targets: keyed by the `service_target` table's oid and the
 * municipality code as a number (every code is three digits), so it names nothing else.
 */
const TARGETS_LOCK = `'service_target'::regclass::oid::int`;

/** A municipality's own targets, every version (shared with the benchmark's floor). */
export const MUNICIPAL_TARGETS_SQL = `SELECT id, name, kind, limit_days AS "limitDays", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(valid_to, 'YYYY-MM-DD') AS "validTo", false AS national, created_by AS "createdBy",
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
         FROM service_target WHERE municipality_code = $1 ORDER BY name, valid_from`;

/** A municipality's own service targets (every version), as configuration in `service_target`. */
@Injectable()
export class MunicipalTargetsRepository {
  constructor(private readonly db: Db) {}

  async findForMunicipality(municipalityCode: string): Promise<MunicipalTargetRow[]> {
    return this.db.tx.query(MUNICIPAL_TARGETS_SQL, [municipalityCode]);
  }

  /**
   * Takes, until the transaction ends, the municipality's targets for a change: waits for every
   * transaction that is judging the municipality's courses by them (`lockForJudging`) and keeps
   * new ones waiting. Changes of one municipality's targets therefore run one after another.
   */
  async lockForChange(municipalityCode: string): Promise<void> {
    await this.db.tx.query(`SELECT pg_advisory_xact_lock(${TARGETS_LOCK}, $1::int)`, [municipalityCode]);
  }

  /**
   * Takes, until the transaction ends, the municipality's targets for judging a course by them:
   * many transactions may hold it at once; it waits while a change of the targets is under way.
   */
  async lockForJudging(municipalityCode: string): Promise<void> {
    await this.db.tx.query(`SELECT pg_advisory_xact_lock_shared(${TARGETS_LOCK}, $1::int)`, [municipalityCode]);
  }

  /** Replaces the municipality's own targets (every version) with `targets`. */
  async replace(
    municipalityCode: string,
    targets: { name: string; kind: TargetKind; limitDays: number; validFrom: string; validTo?: string | null }[],
    createdBy: string,
  ): Promise<void> {
    await this.db.tx.query(`DELETE FROM service_target WHERE municipality_code = $1`, [municipalityCode]);
    for (const t of targets) {
      await this.db.tx.query(
        `INSERT INTO service_target (municipality_code, name, kind, limit_days, valid_from, valid_to, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [municipalityCode, t.name, t.kind, t.limitDays, t.validFrom, t.validTo ?? null, createdBy],
      );
    }
  }
}
