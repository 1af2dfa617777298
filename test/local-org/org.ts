// The local org's state and in-process operations, without HTTP: schema, records, ids,
// time, faults, API usage, sessions, query cursors and bulk jobs. The HTTP layer (api/)
// and the programmatic API (index.ts) both work on one OrgState.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IngestJob } from './api/bulk2.js';
import { Clock } from './core/clock.js';
import { ApiError } from './core/errors.js';
import { IdAllocator, makeId } from './core/ids.js';
import { computeLastActivityDates } from './data/activity.js';
import { readJsonRecord } from './data/input.js';
import { Store } from './data/store.js';
import { Writer, type WriteContext } from './data/writes.js';
import { Faults } from './faults.js';
import { buildSchema, type Rec, type Schema, type SObjectDef, type Value } from './schema/index.js';
import { SYSTEM_VALUES } from './schema/standard-objects.js';
import { Sessions } from './sessions.js';
import { QueryRunner } from './soql/execute.js';
import type { QueryPlan, ReadScope } from './soql/plan.js';
import { ApiUsage } from './usage.js';

export const ADMIN_USERNAME = 'admin@cairn.local';
/** DailyApiRequests Max when no dailyLimit fault is set (an Enterprise-sized org). */
export const DEFAULT_DAILY_LIMIT = 100_000;
/** Salesforce releases a user's oldest query cursor when an 11th is opened. */
const MAX_OPEN_CURSORS = 10;
/**
 * Cursors of child sets cut short inside a page; kept apart from the ten so that reading
 * a big page's children does not release the page's own cursor.
 */
const MAX_CHILD_CURSORS = 10_000;

export interface OrgOptions {
  forceAppDefaultDir: string;
  now?: string | null;
  staticToken?: string;
  refreshToken?: string;
  password: string;
}

export interface QueryCursor {
  plan: QueryPlan;
  rows: Rec[];
  scope: ReadScope;
}

interface DataFile {
  format: 'cairn-local-org-data';
  version: 1;
  ids: Record<string, number>;
  autoNumbers: Record<string, number>;
  records: Record<string, Value>[];
}

export class OrgState {
  readonly schema: Schema;
  readonly schemaWarnings: string[];
  readonly clock: Clock;
  readonly store: Store;
  readonly ids = new IdAllocator();
  readonly faults = new Faults();
  readonly usage = new ApiUsage();
  readonly sessions: Sessions;
  readonly writer: Writer;
  readonly runner: QueryRunner;
  readonly password: string;
  readonly orgId = makeId('00D', 1);
  readonly adminUserId = makeId('005', 1);
  readonly cursors = new Map<string, QueryCursor>();
  readonly childCursors = new Map<string, QueryCursor>();
  /** Bulk API 2.0 ingest jobs, by id */
  readonly jobs = new Map<string, IngestJob>();

  constructor(options: OrgOptions) {
    const { schema, warnings } = buildSchema(options.forceAppDefaultDir);
    this.schema = schema;
    this.schemaWarnings = warnings;
    this.clock = new Clock(options.now ?? null);
    this.store = new Store(schema);
    computeLastActivityDates(schema, this.store);
    this.writer = new Writer(schema, this.store, this.ids, this.clock, () => this.faults.lockFails());
    this.runner = new QueryRunner(schema, this.store);
    this.password = options.password;
    this.sessions = new Sessions(this.orgId.slice(0, 15), this.adminUserId, options.staticToken, options.refreshToken);
    this.createSystemRecords();
  }

  get dailyLimit(): number {
    return this.faults.dailyLimit ?? DEFAULT_DAILY_LIMIT;
  }

  /** Empties data, counters, cursors, jobs, sessions and faults; the schema, org and admin user stay. */
  reset(): void {
    this.store.clear();
    this.ids.clear();
    this.writer.restoreAutoNumbers({});
    this.usage.reset();
    this.cursors.clear();
    this.childCursors.clear();
    this.jobs.clear();
    this.sessions.clear();
    this.faults.set({});
    this.createSystemRecords();
  }

  /**
   * Creates records with REST create's validation and defaults, without HTTP and without
   * counting API calls. All or nothing: the first invalid record rolls the call back and
   * throws an Error naming the record and Salesforce's error. A record may give its
   * `CreatedDate` (as "Set Audit Fields upon Record Creation" allows an import): it is then
   * created as at that time, e.g. an old case closed when it was opened.
   */
  insert(objectName: string, records: Record<string, unknown>[]): string[] {
    const object = this.schema.object(objectName);
    if (!object) throw new Error(`insert: unknown sObject type ${objectName}`);
    const ctx: WriteContext = { userId: this.adminUserId, applyFaults: false };
    const ids: string[] = [];
    this.store.begin();
    try {
      records.forEach((record, index) => {
        let input;
        let createdAt: string | undefined;
        try {
          const { CreatedDate: created, ...fields } = record;
          const read = readJsonRecord(this.schema, object, fields);
          if (read.id !== undefined) throw new ApiError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call');
          input = read.input;
          if (created !== undefined) createdAt = this.createdAt(object, created);
        } catch (e) {
          if (e instanceof ApiError) throw new Error(`insert ${object.name}[${index}]: ${e.errorCode}: ${e.message}`);
          throw e;
        }
        const result = this.writer.create(object, input, { ...ctx, createdAt });
        if (!result.success) {
          throw new Error(
            `insert ${object.name}[${index}]: ${result.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ')}`
          );
        }
        ids.push(result.id);
      });
    } catch (e) {
      this.store.rollback();
      throw e;
    }
    this.store.commit();
    return ids;
  }

  /** A seeded CreatedDate as a wire date-time; not in the future, since nothing is created there. */
  private createdAt(object: SObjectDef, raw: unknown): string {
    const field = object.field('CreatedDate');
    const read = field ? readJsonRecord(this.schema, object, { [field.name]: raw }).input.values.get(field) : null;
    if (typeof read !== 'string')
      throw new ApiError(400, 'INVALID_FIELD', `CreatedDate: not a date-time: ${String(raw)}`);
    if (Date.parse(read.replace('+0000', 'Z')) > Date.parse(this.clock.nowDateTime().replace('+0000', 'Z')))
      throw new ApiError(400, 'INVALID_FIELD', `CreatedDate: ${read} is after the org's now`);
    return read;
  }

  /** Keeps a query's rows (or a child set's) for `nextRecordsUrl`; returns the locator. */
  openCursor(cursor: QueryCursor, kind: 'query' | 'child'): string {
    const locator = this.ids.next('01g');
    const cursors = kind === 'query' ? this.cursors : this.childCursors;
    cursors.set(locator, cursor);
    while (cursors.size > (kind === 'query' ? MAX_OPEN_CURSORS : MAX_CHILD_CURSORS)) {
      cursors.delete(cursors.keys().next().value as string);
    }
    return locator;
  }

  cursor(locator: string): QueryCursor | undefined {
    return this.cursors.get(locator) ?? this.childCursors.get(locator);
  }

  closeCursor(locator: string): void {
    this.cursors.delete(locator);
    this.childCursors.delete(locator);
  }

  save(path: string): void {
    const records: Record<string, Value>[] = [];
    for (const object of this.schema.objects)
      for (const record of this.store.all(object.name)) records.push({ ...record });
    const data: DataFile = {
      format: 'cairn-local-org-data',
      version: 1,
      ids: this.ids.snapshot(),
      autoNumbers: this.writer.autoNumberSnapshot(),
      records
    };
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, path);
  }

  /** Loads a data file written by `save`; returns warnings about what no longer fits the schema. */
  load(path: string): string[] {
    if (!existsSync(path)) return [];
    const data = JSON.parse(readFileSync(path, 'utf8')) as DataFile;
    if (data.format !== 'cairn-local-org-data' || data.version !== 1) {
      throw new Error(`${path} is not a local org data file (expected format cairn-local-org-data version 1)`);
    }
    const warnings: string[] = [];
    this.store.clear();
    for (const raw of data.records) {
      const id = String(raw.Id);
      const object = this.schema.objectForId(id);
      if (!object) {
        warnings.push(`${path}: record ${id} skipped, no object has key prefix ${id.slice(0, 3)}`);
        continue;
      }
      const record: Record<string, Value> = {};
      for (const field of object.fields) {
        if (field.calculated) continue;
        const value = raw[field.name] ?? (field.type === 'boolean' ? (field.defaultValue ?? false) : null);
        if (value !== null) record[field.name] = value;
      }
      const dropped = Object.keys(raw).filter((k) => !object.field(k));
      if (dropped.length)
        warnings.push(`${path}: ${object.name} ${id}: fields no longer in the schema dropped: ${dropped.join(', ')}`);
      this.store.put(Object.freeze(record));
    }
    this.ids.restore(data.ids);
    this.writer.restoreAutoNumbers(data.autoNumbers);
    if (!this.store.get(this.adminUserId) || !this.store.get(this.orgId)) this.createSystemRecords();
    return warnings;
  }

  private createSystemRecords(): void {
    const orgObject = this.schema.object('Organization');
    const userObject = this.schema.object('User');
    if (!orgObject || !userObject) throw new Error('the schema lacks Organization or User');
    const now = this.clock.nowDateTime();
    const audit = {
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: this.adminUserId,
      LastModifiedDate: now,
      LastModifiedById: this.adminUserId,
      SystemModstamp: now
    };
    if (!this.store.get(this.orgId)) {
      const orgId = this.ids.next('00D');
      if (orgId !== this.orgId) throw new Error(`organization id ${orgId} is not the expected ${this.orgId}`);
      this.store.put(Object.freeze({ ...SYSTEM_VALUES.Organization, ...audit, Id: orgId }));
    }
    if (!this.store.get(this.adminUserId)) {
      const { input } = readJsonRecord(this.schema, userObject, {
        Username: ADMIN_USERNAME,
        FirstName: 'Cairn',
        LastName: 'Admin',
        Alias: 'cadmin',
        Email: ADMIN_USERNAME,
        Title: 'Integration User',
        CompanyName: 'Cairn'
      });
      const created = this.writer.create(userObject, input, { userId: this.adminUserId, applyFaults: false });
      if (!created.success || created.id !== this.adminUserId) throw new Error('could not create the admin user');
    }
  }
}
