import { Injectable } from '@nestjs/common';
import { todayInDenmark } from '../kernel/local-date.js';

/**
 * The service's sense of time. "Today" is always the Danish local date (Europe/Copenhagen):
 * the rules compare local dates, never instants. Tests replace `now` to pin the date.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's Danish local date, `YYYY-MM-DD`. */
  today(): string {
    return todayInDenmark(this.now());
  }
}
