import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { KlDeliveryRepository } from './kl-delivery.repository.js';

export interface ExportOptions {
  municipality: string;
  from?: string;
  to?: string;
  /** The folder the files go to (created if absent). */
  out: string;
}

export interface ExportManifest {
  municipality: string;
  from: string | null;
  to: string | null;
  exportedAt: string;
  /** In upload order: a child's reports must reach FK Gateway in this order. */
  reports: { file: string; id: string; sha256: string }[];
}

/**
 * Without a gateway, the pending reports of a municipality as files for manual upload (`npm run
 * kl:export`): one file per report, `<order>-<bundle id>.json` with the Bundle exactly as validated,
 * and `manifest.json` listing them in upload order. Written, then marked exported and audited in
 * the caller's transaction: a failure to write marks nothing. A child's reports behind a rejected
 * one, or behind one sent that may have arrived, are not exported (the line keeps its order).
 */
@Injectable()
export class DeliveryExport {
  constructor(
    private readonly repository: KlDeliveryRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async export(options: ExportOptions, now: Date): Promise<ExportManifest> {
    if (this.config.env.KL_GATEWAY_URL) {
      throw new Error('KL_GATEWAY_URL is set: the delivery queue sends the reports; export is for manual upload without a gateway');
    }
    const rows = await this.repository.pendingForExport(options.municipality, options.from, options.to);
    await mkdir(options.out, { recursive: true });
    const width = String(rows.length).length;
    const reports: ExportManifest['reports'] = [];
    for (const [i, row] of rows.entries()) {
      const file = `${String(i + 1).padStart(Math.max(width, 6), '0')}-${row.id}.json`;
      await writeFile(join(options.out, file), row.bundle, { flag: 'w' });
      reports.push({ file, id: row.id, sha256: createHash('sha256').update(row.bundle).digest('hex') });
    }
    const manifest: ExportManifest = {
      municipality: options.municipality,
      from: options.from ?? null,
      to: options.to ?? null,
      exportedAt: now.toISOString(),
      reports,
    };
    await writeFile(join(options.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    await this.repository.markExported(rows.map((r) => r.id));
    await this.audit.record({
      action: 'export',
      resourceType: 'kl_report',
      municipalityCode: options.municipality,
      purpose: 'manual upload to FK Gateway',
      details: { reports: rows.length, from: options.from ?? null, to: options.to ?? null },
    });
    return manifest;
  }
}
