// Time as the local org sees it: a fixed instant (LOCAL_ORG_NOW / the `now` option) or the
// wall clock, always in UTC. Dates are `YYYY-MM-DD`; date-times are kept in Salesforce's
// wire format `2026-03-04T10:12:00.000+0000`, which sorts as text.

const DAY_MS = 86_400_000;

export class Clock {
  private fixedMs: number | null;

  constructor(fixedIso?: string | null) {
    this.fixedMs = null;
    this.set(fixedIso ?? null);
  }

  /** Fix now at an ISO instant, or follow the wall clock again with null. */
  set(iso: string | null): void {
    if (iso === null) {
      this.fixedMs = null;
      return;
    }
    const ms = parseDateTime(iso);
    if (ms === null) throw new Error(`"${iso}" is not an ISO date-time; use e.g. 2026-05-01T09:00:00Z`);
    this.fixedMs = ms;
  }

  nowMs(): number {
    return this.fixedMs ?? Date.now();
  }

  private lastMs = NaN;
  private lastText = '';

  /** Now in wire format; the same string while now has not moved (records share it). */
  nowDateTime(): string {
    const ms = this.nowMs();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastText = formatDateTime(ms);
    }
    return this.lastText;
  }

  today(): string {
    return formatDate(this.nowMs());
  }
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds of an ISO date or date-time (no zone means UTC), or null when invalid. */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(base);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return null;
  }
  if (!zone || zone === 'Z') return base;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return base - sign * offsetMin * 60_000;
}

/** `YYYY-MM-DD` of an ISO date (or the date part of a date-time), or null when invalid. */
export function parseDate(text: string): string | null {
  const trimmed = text.trim();
  const datePart = trimmed.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(datePart)) return null;
  if (trimmed.length > 10 && parseDateTime(trimmed) === null) return null;
  return parseDateTime(datePart) === null ? null : datePart;
}

export function addDays(date: string, days: number): string {
  return formatDate(Date.parse(date + 'T00:00:00Z') + days * DAY_MS);
}

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return formatDate(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay)));
}

/** Start of a date's UTC day as a date-time in wire format. */
export function startOfDay(date: string): string {
  return date + 'T00:00:00.000+0000';
}
