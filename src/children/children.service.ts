import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError } from '../common/errors.js';
import type { ChildRow } from '../kernel/course.record.js';
import type { Cpr } from '../kernel/cpr.rules.js';
import { ChildrenRepository } from './children.repository.js';
import { CprVault } from './cpr-vault.js';

/**
 * The child register: a child is a row per municipality, found by the CPR's blind index and
 * holding the CPR only encrypted (`CprVault`). It also keeps the rule of one open course per
 * child per municipality (docs/domain.md, "open_course_exists").
 */
@Injectable()
export class ChildrenService {
  constructor(
    private readonly repository: ChildrenRepository,
    private readonly vault: CprVault,
    private readonly audit: AuditService,
  ) {}

  /** The child row for a CPR in this municipality: found by blind index, or created (encrypted). */
  async childFor(municipalityCode: string, cpr: Cpr): Promise<string> {
    const existing = await this.repository.findByIndex(municipalityCode, this.vault.blindIndex(cpr.digits));
    if (existing) return existing.id;
    // New here: encrypt only now. A concurrent insert of the same child is resolved in insert.
    const sealed = this.vault.seal(cpr.digits);
    return this.repository.insert({
      municipalityCode,
      cprIndex: sealed.index,
      ciphertext: sealed.ciphertext,
      keyId: sealed.keyId,
      birthDate: cpr.birthDate,
      sex: cpr.sex,
    });
  }

  /** The child's rows in the municipalities the caller may see (none when the CPR is not registered). */
  async idsOf(cpr: Cpr): Promise<string[]> {
    return this.repository.idsByIndex(this.vault.blindIndex(cpr.digits));
  }

  /** The child's CPR digits, for a caller who asked to see them (the caller audits it). */
  cprOf(child: ChildRow): string {
    return this.vault.open(child.cprCiphertext, child.cprKeyId);
  }

  /**
   * One open course per child per municipality. The 409 names the open course: row-level security
   * makes it a course of the caller's own municipality, which they may open anyway, and it is what
   * they need to act on (docs/domain.md, "open_course_exists"). Naming it discloses that this child
   * has it, so that is audited as a read of the course (rolled back with the request, then written
   * as a failed attempt).
   */
  async assertNoOtherOpenCourse(childId: string, municipalityCode: string, byCpr: boolean, exceptCourseId?: string): Promise<void> {
    const open = await this.repository.findOpenCourse(childId, exceptCourseId);
    if (open) {
      await this.audit.record({
        action: 'read',
        resourceType: 'course',
        resourceId: open,
        municipalityCode,
        details: { byCpr, disclosedBy: 'open_course_exists' },
      });
      throw new ConflictError(
        'open_course_exists',
        `The child already has an open course in this municipality (${open}); add to it or close it first`,
      );
    }
  }
}
