import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import { AuditService } from './audit.service.js';
import type { AuditQueryDto } from './dto/audit-query.dto.js';

/** Reading the audit trail: managers their own municipalities (by RLS), administrators all. */
@Injectable()
export class AuditAccess {
  constructor(
    private readonly audit: AuditService,
    private readonly context: RequestContext,
    private readonly national: NationalScope,
  ) {}

  async list(query: AuditQueryDto) {
    const principal = this.context.requirePrincipal();
    if (principal.roles.includes('admin')) await this.national.widen('reference_admin');
    const { items, total } = await this.audit.search({
      municipalityCode: query.municipality,
      resourceType: query.resourceType,
      resourceId: query.resourceId,
      actorSub: query.actor,
      from: query.from,
      to: query.to,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
