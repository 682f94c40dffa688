// Calendar arithmetic on business dates (YYYY-MM-DD), done in UTC so no time zone moves a day.

const DAY_MS = 86_400_000;
// Indonesia's western time (WIB), where the institution books: UTC+7, no daylight saving.
const WIB_OFFSET_HOURS = 7;

function toUtc(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Same day of the month, or the month's last day when it has fewer days. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return fromUtc(first.getTime());
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** The instant of `hour`:`minute` WIB on a business date. */
export function instantOn(date: string, hour: number, minute: number): Date {
  return new Date(toUtc(date) + ((hour - WIB_OFFSET_HOURS) * 60 + minute) * 60_000);
}
