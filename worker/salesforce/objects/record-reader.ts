// Reading the typed fields of one Salesforce record: dates stay `YYYY-MM-DD`, date-times
// become ISO UTC (`2026-03-04T10:12:00.000+0000` → `2026-03-04T10:12:00Z`), picklists are
// checked against the values the core knows. A value the core cannot use throws
// InvalidValue naming the field. `F` is the fields an object declares: a mapper cannot read
// a field its declaration does not list (the scope query would not select it).

import { addDays, formatInstant } from '../../core/dates.js';

export type SfRecord = Record<string, unknown>;

export class InvalidValue extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    expected: string
  ) {
    super(`${field} is ${JSON.stringify(value)}; expected ${expected}`);
  }
}

export class RecordReader<F extends string> {
  constructor(private readonly record: SfRecord) {}

  private raw(field: F): unknown {
    const value = this.record[field];
    return value === undefined ? null : value;
  }

  private required<T>(field: F, value: T | null, expected: string): T {
    if (value === null) throw new InvalidValue(field, null, expected);
    return value;
  }

  text(field: F): string | null {
    const value = this.raw(field);
    if (value === null || typeof value === 'string') return value === '' ? null : value;
    throw new InvalidValue(field, value, 'text');
  }

  requiredText(field: F): string {
    return this.required(field, this.text(field), 'a value');
  }

  number(field: F): number | null {
    const value = this.raw(field);
    if (value === null || (typeof value === 'number' && Number.isFinite(value))) return value;
    throw new InvalidValue(field, value, 'a number');
  }

  checkbox(field: F): boolean {
    return this.raw(field) === true;
  }

  date(field: F): string | null {
    const value = this.text(field);
    if (value === null) return null;
    try {
      return addDays(value, 0); // parses the day, refusing anything that is not YYYY-MM-DD
    } catch {
      throw new InvalidValue(field, value, 'a date (YYYY-MM-DD)');
    }
  }

  requiredDate(field: F): string {
    return this.required(field, this.date(field), 'a date');
  }

  dateTime(field: F): string | null {
    const value = this.text(field);
    if (value === null) return null;
    try {
      return formatInstant(value);
    } catch {
      throw new InvalidValue(field, value, 'a date-time');
    }
  }

  requiredDateTime(field: F): string {
    return this.required(field, this.dateTime(field), 'a date-time');
  }

  /** A picklist value the core knows; blank gives `blank` (null, or the field's starting value). */
  pick<T extends string>(field: F, values: readonly T[], blank: T | null): T | null {
    const value = this.text(field);
    if (value === null) return blank;
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new InvalidValue(field, value, `one of ${values.join(', ')}`);
  }

  requiredPick<T extends string>(field: F, values: readonly T[], blank?: T): T {
    const value = this.pick(field, values, blank ?? null);
    if (value === null) throw new InvalidValue(field, null, `one of ${values.join(', ')}`);
    return value;
  }
}
