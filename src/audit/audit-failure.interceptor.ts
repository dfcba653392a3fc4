import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AuditService } from './audit.service.js';

/**
 * Outside the tenant transaction: when a request fails, its transaction has rolled back, audit
 * rows included, by the time the error reaches here; the audit entries it had recorded or
 * attempted are written again, marked failed, in a transaction of their own. The request's own
 * error is what the caller gets, also when the failed attempt cannot be written (then it is
 * logged).
 */
@Injectable()
export class AuditFailureInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditService) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(
      (async () => {
        try {
          return await lastValueFrom(next.handle(), { defaultValue: undefined });
        } catch (error) {
          await this.audit.recordFailure(error).catch((failure: unknown) => {
            const err = failure instanceof Error ? { type: failure.name, message: failure.message } : { message: String(failure) };
            this.logger.error({ err }, 'The failed attempt could not be written to the audit log');
          });
          throw error;
        }
      })(),
    );
  }
}
