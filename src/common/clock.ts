import { Injectable } from '@nestjs/common';

const danishDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The service's sense of time. "Today" is always the Danish local date (Europe/Copenhagen):
 * the rules compare local dates, never instants. Tests replace this provider to pin the date.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's Danish local date, `YYYY-MM-DD`. */
  today(): string {
    return danishDate.format(this.now());
  }
}
