import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';

/** The municipality codes that exist (reference data; no row-level security). */
@Injectable()
export class MunicipalityCodesRepository {
  constructor(private readonly db: Db) {}

  async allCodes(): Promise<string[]> {
    const rows: { code: string }[] = await this.db.tx.query(`SELECT code FROM municipality`);
    return rows.map((r) => r.code);
  }
}

/**
 * Which codes a token may name: the Danish municipalities in the `municipality` table. Read once
 * and kept, since that table changes only with a migration, which comes with a restart; a failed
 * read is retried by the next request.
 */
@Injectable()
export class KnownMunicipalities {
  private codes?: Promise<Set<string>>;

  constructor(private readonly repository: MunicipalityCodesRepository) {}

  async unknownAmong(codes: readonly string[]): Promise<string[]> {
    if (!codes.length) return [];
    this.codes ??= this.repository
      .allCodes()
      .then((all) => new Set(all))
      .catch((error: unknown) => {
        this.codes = undefined;
        throw error;
      });
    const known = await this.codes;
    return codes.filter((code) => !known.has(code));
  }
}
