import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { ForbiddenError, NotFoundError } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { NationalScope } from '../database/tenant-transaction.interceptor.js';
import { MunicipalitiesRepository } from '../municipalities/municipalities.repository.js';
import { KlDeliveryRepository } from './kl-delivery.repository.js';

/**
 * A municipality's reporting settings for KL: the SOR code of the unit that reports. Without one,
 * everything of the municipality is held back; setting it (or changing it) plans every course of
 * the municipality again in a job enqueued in the same transaction (what was held back is
 * released, and a changed code reaches KL with each Citizen).
 */
@Injectable()
export class KlReportingSettingsService {
  constructor(
    private readonly repository: KlDeliveryRepository,
    private readonly municipalities: MunicipalitiesRepository,
    private readonly context: RequestContext,
    private readonly national: NationalScope,
    private readonly audit: AuditService,
  ) {}

  async get(code: string) {
    const principal = this.context.requirePrincipal();
    if (!principal.roles.includes('admin') && !principal.municipalities.includes(code)) {
      throw new ForbiddenError(`You do not work for municipality ${code}`);
    }
    if (!(await this.municipalities.findByCode(code))) throw new NotFoundError('Municipality');
    if (principal.roles.includes('admin')) await this.national.widen('reference_admin');
    const setting = await this.repository.findReporting(code);
    return { municipalityCode: code, sorCode: null, updatedBy: null, updatedAt: null, ...setting, replanQueued: false };
  }

  async set(code: string, sorCode: string) {
    const principal = this.context.requirePrincipal();
    if (!(await this.municipalities.findByCode(code))) throw new NotFoundError('Municipality');
    await this.national.widen('reference_admin');
    const previous = await this.repository.saveSorCode(code, sorCode, principal.sub);
    const changed = previous !== sorCode;
    if (changed) await this.repository.enqueueJob('kl_replan', { scope: 'municipality', code }, `kl-replan:${code}`, 'kl-replan');
    await this.audit.record({
      action: previous === null ? 'create' : 'update',
      resourceType: 'municipality_reporting',
      resourceId: code,
      municipalityCode: code,
      details: { fields: ['sorCode'], changed },
    });
    return { ...(await this.repository.findReporting(code))!, municipalityCode: code, replanQueued: changed };
  }
}
