const danishDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's Danish local date, as the service sees it. */
export function todayDk(): string {
  return danishDate.format(new Date());
}

/** A Danish local date `n` days from today (negative: in the past). */
export function dayOffset(n: number, from = todayDk()): string {
  const d = new Date(`${from}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
