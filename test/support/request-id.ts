import { randomBytes } from 'node:crypto';

/**
 * A unique X-Request-Id for a test to find its request by, e.g. `probe-3f25.04e0.4f89.11d3`.
 * Hex in groups of four: never ten digits in a row, which the service refuses in a request id
 * (it could be a CPR number) and replaces with its own.
 */
export function testRequestId(prefix: string): string {
  return `${prefix}-${randomBytes(8).toString('hex').match(/.{4}/g)!.join('.')}`;
}
