import { expectStatus, type HttpClient } from './http.js';

export interface CourseFixture {
  id: string;
  municipality: string;
  status: string;
  cpr?: string;
  contacts: { id: string; type: string; status: string }[];
  referrals: { id: string }[];
}

/**
 * Courses made through the API, as a caseworker would (the rules, summaries and row-level
 * security all apply). Dates are in the weeks before the suite's pinned today, 2026-03-16.
 */
export class Fixtures {
  constructor(private readonly http: HttpClient) {}

  async course(
    authorization: string,
    spec: {
      municipality: string;
      firstContact: string;
      cpr?: string;
      focusAreas?: string[];
      contacts?: Record<string, unknown>[];
      close?: { date: string; reason: string };
      enteredInError?: string;
      referral?: { date: string; destination: string };
      consent?: { date: string; givenBy: string; scope: string };
    },
  ): Promise<CourseFixture> {
    const created = expectStatus(
      await this.http.json('POST', '/api/v1/courses', authorization, {
        municipalityCode: spec.municipality,
        firstContact: { date: spec.firstContact, channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
        ...(spec.cpr ? { cpr: spec.cpr } : {}),
        focusAreas: spec.focusAreas ?? ['worry'],
      }),
      201,
      'create course',
    ).json as { id: string };
    const id = created.id;
    for (const contact of spec.contacts ?? []) {
      expectStatus(await this.http.json('POST', `/api/v1/courses/${id}/contacts`, authorization, contact), 201, 'add contact');
    }
    if (spec.referral)
      expectStatus(await this.http.json('POST', `/api/v1/courses/${id}/referrals`, authorization, spec.referral), 201, 'referral');
    if (spec.consent)
      expectStatus(await this.http.json('POST', `/api/v1/courses/${id}/consents`, authorization, spec.consent), 201, 'consent');
    if (spec.close) expectStatus(await this.http.json('POST', `/api/v1/courses/${id}/close`, authorization, spec.close), 200, 'close');
    if (spec.enteredInError) {
      expectStatus(
        await this.http.json('POST', `/api/v1/courses/${id}/entered-in-error`, authorization, { reason: spec.enteredInError }),
        200,
        'entered in error',
      );
    }
    const body = expectStatus(await this.http.json('GET', `/api/v1/courses/${id}`, authorization), 200, 'read course').json as {
      status: string;
      contacts: { id: string; type: string; status: string }[];
      referrals: { id: string }[];
    };
    return { id, municipality: spec.municipality, status: body.status, cpr: spec.cpr, contacts: body.contacts, referrals: body.referrals };
  }

  async recipient(admin: string, id: string): Promise<void> {
    expectStatus(await this.http.json('POST', '/api/v1/extract-recipients', admin, { id, name: `Recipient ${id}` }), 201, 'recipient');
  }

  /** An extract, made now (201) or as a background job (202, then polled until ready). */
  async extract(evaluator: string, body: Record<string, unknown>): Promise<{ id: string; sha256: string; rowCount: number }> {
    const created = await this.http.json('POST', '/api/v1/extracts', evaluator, body);
    if (created.status !== 201 && created.status !== 202) expectStatus(created, 201, 'extract');
    let manifest = created.json as { id: string; sha256?: string | null; rowCount: number; status?: string };
    for (let i = 0; i < 600 && !manifest.sha256; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const polled = await this.http.json('GET', `/api/v1/extracts/${manifest.id}`, evaluator);
      if (polled.status === 200) manifest = polled.json as typeof manifest;
      if (manifest.status === 'failed') throw new Error(`extract ${manifest.id} failed: ${polled.text}`);
    }
    if (!manifest.sha256) throw new Error(`extract ${manifest.id} was not ready in a minute`);
    return { id: manifest.id, sha256: manifest.sha256, rowCount: manifest.rowCount };
  }
}
