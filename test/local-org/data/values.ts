// Field values in and out: JSON bodies (REST, collections), CSV cells (Bulk API 2.0), and
// the per-field checks Salesforce applies on save (length, restricted picklists, number
// range and scale, email format).

import { formatDateTime, parseDate, parseDateTime } from '../core/clock.js';
import { normalizeId } from '../core/ids.js';
import { rowError, type RowError } from '../core/errors.js';
import { NUMBER_TYPES, TEXT_TYPES, type FieldDef, type Value } from '../schema/model.js';

/** The JSON type name Salesforce's deserializer names in JSON_PARSER_ERROR messages. */
function javaType(field: FieldDef): string {
  switch (field.type) {
    case 'boolean':
      return 'boolean';
    case 'int':
      return 'int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'string';
  }
}

function jsonTokenName(raw: unknown): string {
  if (typeof raw === 'string') return 'VALUE_STRING';
  if (typeof raw === 'number') return Number.isInteger(raw) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  if (typeof raw === 'boolean') return raw ? 'VALUE_TRUE' : 'VALUE_FALSE';
  if (Array.isArray(raw)) return 'START_ARRAY';
  return 'START_OBJECT';
}

/**
 * A JSON body value as the field's stored value, or the JSON_PARSER_ERROR message when
 * Salesforce's deserializer would reject the whole request.
 */
export function coerceJson(field: FieldDef, raw: unknown): { value: Value } | { parserError: string } {
  if (raw === null) return { value: null };
  const fail = () => ({
    parserError: `Cannot deserialize instance of ${javaType(field)} from ${jsonTokenName(raw)} value ${
      typeof raw === 'object' ? (Array.isArray(raw) ? '[' : '{') : String(raw)
    } or request may be missing a required field`
  });
  if (typeof raw === 'object') return fail();
  switch (field.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return fail();
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return fail();
      if (field.type === 'int' && !Number.isInteger(n)) return fail();
      return { value: n };
    }
    case 'date': {
      const date = typeof raw === 'string' ? parseDate(raw) : null;
      return date === null ? fail() : { value: date };
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : null;
      // Salesforce keeps date-times to the second: 10:00:05.678Z reads back as 10:00:05.000+0000
      return ms === null ? fail() : { value: formatDateTime(Math.floor(ms / 1000) * 1000) };
    }
    case 'id':
    case 'reference':
      return typeof raw === 'string' ? { value: raw } : fail();
    default:
      return { value: String(raw) };
  }
}

const XSD_TYPES: Partial<Record<FieldDef['type'], string>> = {
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime'
};

/**
 * A Bulk API 2.0 CSV cell as the field's value: `undefined` for an empty cell (the field is
 * left alone), null for `#N/A`, or the row's error when the text is not of the field's type.
 */
export function coerceCsv(
  field: FieldDef,
  text: string,
  column: number
): { value: Value | undefined } | { error: RowError } {
  if (text === '') return { value: undefined };
  if (text === '#N/A') return { value: null };
  const fail = () => ({
    error: rowError(
      'INVALID_FIELD',
      `Failed to deserialize field at col ${column}. Due to, '${text}' is not a valid value for the type ${XSD_TYPES[field.type] ?? 'xsd:string'}`,
      [field.name]
    )
  });
  switch (field.type) {
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (lower === 'true' || lower === '1') return { value: true };
      if (lower === 'false' || lower === '0') return { value: false };
      return fail();
    }
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) return fail();
      return { value: n };
    }
    case 'date': {
      const date = parseDate(text);
      return date === null ? fail() : { value: date };
    }
    case 'datetime': {
      const ms = parseDateTime(text);
      return ms === null ? fail() : { value: formatDateTime(ms) };
    }
    default:
      return { value: text };
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Round half away from zero to `scale` decimals, as Salesforce stores numbers. */
function roundTo(n: number, scale: number): number {
  const factor = 10 ** scale;
  return (Math.sign(n) * Math.round(Math.abs(n) * factor + Number.EPSILON)) / factor;
}

/**
 * Salesforce's save-time checks for one non-null value; returns the value as stored
 * (numbers rounded to the field's scale, ids in 18-character form) or the row error.
 */
export function checkValue(field: FieldDef, value: Value): { value: Value } | { error: RowError } {
  if (value === null) return { value };
  if (TEXT_TYPES.has(field.type)) {
    const text = String(value);
    if (text.length > field.length) {
      return {
        error: rowError(
          'STRING_TOO_LONG',
          `${field.label}: data value too large: ${text} (max length=${field.length})`,
          [field.name]
        )
      };
    }
    if (field.type === 'email' && text !== '' && !EMAIL.test(text)) {
      return {
        error: rowError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [field.name])
      };
    }
    if ((field.type === 'picklist' || field.type === 'multipicklist') && field.restrictedPicklist) {
      const parts = field.type === 'multipicklist' ? text.split(';') : [text];
      const bad = parts.find((p) => !field.picklistValues.some((v) => v.active && v.value === p));
      if (bad !== undefined) {
        return {
          error: rowError(
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${field.label}: bad value for restricted picklist field: ${bad}`,
            [field.name]
          )
        };
      }
    }
    return { value: text === '' ? null : text };
  }
  if (NUMBER_TYPES.has(field.type)) {
    const n = value as number;
    const scale = field.type === 'int' ? 0 : field.scale;
    const integerDigits = field.type === 'int' ? field.digits : field.precision - field.scale;
    const rounded = roundTo(n, scale);
    if (Math.abs(rounded) >= 10 ** integerDigits) {
      return {
        error: rowError(
          'NUMBER_OUTSIDE_VALID_RANGE',
          `${field.label}: value outside of valid range on numeric field: ${n}`,
          [field.name]
        )
      };
    }
    return { value: rounded };
  }
  if (field.type === 'reference' || field.type === 'id') {
    const id = normalizeId(String(value));
    if (id === null) {
      return {
        error: rowError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${String(value)}`, [field.name])
      };
    }
    return { value: id };
  }
  return { value };
}
