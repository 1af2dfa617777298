// Rows Salesforce refuses for good, in a whole sync: they are quarantined and reported with
// the record, the field and what fixes it, and every other row is still written. And a
// field the integration user cannot edit stops the run before it writes anything.
//
// The refusals come from a local org whose schema has drifted from force-app the way real
// orgs do (an admin edits a picklist or shortens a field), and from a record deleted while
// the run is going. A row refused because the worker may not set a field
// (INVALID_FIELD_FOR_INSERT_UPDATE) is proved in test/sync/failures.test.ts
// ("a row Salesforce refuses for good").
//
// The book: 8 opportunities (helpers/book.ts): i = 0, 4 fresh single-call deals; 1, 5
// projects under way; 2, 6 deals without product usage; 3, 7 renewals coming up.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SalesforceSession } from '../../worker/salesforce/session.js';
import type { ResultFailedRow, SyncResult } from '../../worker/sync/result.js';
import { runSync } from '../../worker/sync/run.js';
import type { Harness } from '../sync/harness.js';
import { seedBook } from './helpers/book.js';
import { startReliabilityHarness } from './helpers/fault-run.js';
import { CHILDREN, snapshotOrg, type OrgSnapshot } from './helpers/org-snapshot.js';

const COUNT = 8;

/**
 * What the report must say about a refused row besides DESIGN §5.1's fields: the fields
 * Salesforce named and the fix.
 */
type ReportedRow = ResultFailedRow & { fields?: string[]; fix?: string };
const reported = (result: SyncResult): ReportedRow[] => result.failedRows;

/** force-app/main/default copied, with `edit` applied to the files it names. */
async function driftedForceApp(edits: Record<string, (xml: string) => string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-drifted-org-'));
  await cp('force-app/main/default', dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, 'objects', file);
    const before = await readFile(path, 'utf8');
    const after = edit(before);
    if (after === before) throw new Error(`the edit of ${file} changed nothing`);
    await writeFile(path, after);
  }
  return dir;
}

async function cleanSnapshot(): Promise<OrgSnapshot> {
  const h = await startReliabilityHarness();
  try {
    const book = seedBook(h.org, COUNT);
    await h.store.insertEvents(book.events);
    const result = await runSync(h.deps);
    if (result.status !== 'succeeded') throw new Error(`the clean run ${result.status}: ${result.error ?? ''}`);
    return await snapshotOrg(h.conn);
  } finally {
    await h.close();
  }
}

describe('rows Salesforce refuses for good', () => {
  let clean: OrgSnapshot;
  let forceApp: string;
  let h: Harness;
  let ids: string[];
  let before: OrgSnapshot;
  let result: SyncResult;

  beforeAll(async () => {
    clean = await cleanSnapshot();
    forceApp = await driftedForceApp({
      // an admin removed a value from the restricted picklist
      'Opportunity/fields/Post_Sale_Status__c.field-meta.xml': (xml) =>
        xml.replace(/\s*<value>\s*<fullName>Awaiting Kickoff<\/fullName>[\s\S]*?<\/value>/, ''),
      // and shortened a text field below what the worker writes into it
      'Success_Milestone__c/fields/Evidence__c.field-meta.xml': (xml) =>
        xml.replace('<length>255</length>', '<length>40</length>')
    });
    h = await startReliabilityHarness({ forceAppDir: forceApp });
    const book = seedBook(h.org, COUNT);
    ids = book.opportunityIds;
    await h.store.insertEvents(book.events);
    before = await snapshotOrg(h.conn);

    // Fresh 0 is deleted in Salesforce after the run read it and before it writes: the run's
    // first describe comes from the writable check, after the read and the diff.
    const deleted = ids[0] as string;
    let deletion: Promise<unknown> | null = null;
    const deleteOnFirstDescribe = async (): Promise<SalesforceSession> => {
      const session = await h.deps.salesforce();
      const wrapped = Object.create(session) as SalesforceSession;
      wrapped.describe = async (object) => {
        await (deletion ??= h.conn.sobject('Opportunity').destroy(deleted));
        return session.describe(object);
      };
      return wrapped;
    };
    result = await runSync({ ...h.deps, salesforce: deleteOnFirstDescribe });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    if (forceApp) await rm(forceApp, { recursive: true, force: true });
  }, 60_000);

  /** What the run must report: worked out from the clean run's records. */
  function expectedFailures() {
    const [deleted] = ids as [string];
    const rows: { object: string; id: string | null; key: string; statusCode: string; fields: string[] }[] = [];
    // the deleted deal: its Opportunity update and every child it was to get
    rows.push({ object: 'Opportunity', id: deleted, key: deleted, statusCode: 'ENTITY_IS_DELETED', fields: [] });
    for (const { object, parent } of CHILDREN) {
      for (const [key, record] of Object.entries(clean.children[object] ?? {})) {
        if (record[parent] === deleted)
          rows.push({ object, id: null, key, statusCode: 'ENTITY_IS_DELETED', fields: [parent] });
      }
    }
    // the deals Awaiting Kickoff: fresh 4, no-usage 2 and 6
    for (const id of [ids[2], ids[4], ids[6]] as string[]) {
      expect(clean.opportunities[id]?.Post_Sale_Status__c).toBe('Awaiting Kickoff');
      rows.push({
        object: 'Opportunity',
        id,
        key: id,
        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        fields: ['Post_Sale_Status__c']
      });
    }
    // milestones reached by usage, whose evidence ("usage: event:report_created reached 1 at
    // 2026-04-29T10:00:00Z", 61 characters) no longer fits in 40
    for (const [key, record] of Object.entries(clean.children.Success_Milestone__c ?? {})) {
      if (record.Opportunity__c !== deleted && String(record.Evidence__c ?? '').length > 40) {
        rows.push({
          object: 'Success_Milestone__c',
          id: null,
          key,
          statusCode: 'STRING_TOO_LONG',
          fields: ['Evidence__c']
        });
      }
    }
    return rows;
  }

  const byKey = (a: { object: string; key: string }, b: { object: string; key: string }) =>
    `${a.object}|${a.key}`.localeCompare(`${b.object}|${b.key}`);

  it('the run is partial and lists each refused row with its record, status code and field', () => {
    expect(result.status).toBe('partial');
    const expected = expectedFailures();
    // 1 opportunity + 1 stage + 5 milestones + 4 QBRs + 1 health change + 2 alert Tasks
    // (health at risk, kickoff overdue) of the deleted deal, 3 picklist refusals, and the
    // evidence of fresh 4, projects 1 and 5, renewals 3 and 7
    expect(expected).toHaveLength(14 + 3 + 5);
    expect(
      [...reported(result)]
        .sort(byKey)
        .map(({ object, id, key, statusCode, fields }) => ({ object, id, key, statusCode, fields }))
    ).toEqual(expected.sort(byKey));
  });

  it('each refused row says how to fix it', () => {
    for (const row of reported(result)) {
      if (row.statusCode === 'ENTITY_IS_DELETED') {
        expect(row.fix).toMatch(/deleted in Salesforce/);
      } else {
        const [field] = row.fields ?? [];
        // names the field, and the metadata to deploy so the org matches force-app again
        expect(row.fix).toContain(`${row.object}.${field}`);
        expect(row.fix).toContain('sf project deploy start');
      }
    }
  });

  it('the run history keeps every refused row with the values it tried to write', async () => {
    const run = await h.store.getRun(result.runId);
    expect(run?.status).toBe('partial');
    expect(run?.failedRowCount).toBe(result.failedRows.length);
    expect(run?.summary?.failedRows).toEqual(result.failedRows);
    const picklist = run?.failedRows.find((row) => row.statusCode === 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    expect(picklist?.values).toMatchObject({ Post_Sale_Status__c: 'Awaiting Kickoff' });
  });

  it('every other row is written exactly as in a clean run', async () => {
    const failed = new Set(result.failedRows.map((row) => `${row.object}|${row.key}`));
    const expected: OrgSnapshot = { opportunities: {}, children: {}, counts: {} };
    for (const [id, fields] of Object.entries(clean.opportunities)) {
      if (id === ids[0]) continue; // deleted
      expected.opportunities[id] = failed.has(`Opportunity|${id}`)
        ? (before.opportunities[id] as Record<string, unknown>)
        : fields;
    }
    expected.counts.Opportunity = COUNT - 1;
    for (const [object, records] of Object.entries(clean.children)) {
      expected.children[object] = Object.fromEntries(
        Object.entries(records).filter(([key]) => !failed.has(`${object}|${key}`))
      );
      expected.counts[object] = Object.keys(expected.children[object] ?? {}).length;
    }
    expect(await snapshotOrg(h.conn)).toEqual(expected);
  });
});

describe('a field the integration user cannot edit', () => {
  let forceApp: string;
  let h: Harness;
  beforeAll(async () => {
    // The org's describe says Health_Drivers__c is not updateable. (Here the local org defines
    // it as an auto-number, which nobody may edit; in a real org the usual cause is a
    // permission set without Edit on it. The worker sees the same describe either way.)
    forceApp = await driftedForceApp({
      'Opportunity/fields/Health_Drivers__c.field-meta.xml': (xml) =>
        xml.replace('<type>LongTextArea</type>', '<type>AutoNumber</type>\n    <displayFormat>D-{0}</displayFormat>')
    });
    h = await startReliabilityHarness({ forceAppDir: forceApp });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    if (forceApp) await rm(forceApp, { recursive: true, force: true });
  }, 60_000);

  it('stops the run before any write, naming the field and the permission set that fixes it', async () => {
    const book = seedBook(h.org, COUNT);
    await h.store.insertEvents(book.events);
    const result = await runSync(h.deps);

    expect(result.status).toBe('failed');
    expect(result.error).toContain('Opportunity.Health_Drivers__c: the integration user cannot edit it');
    expect(result.error).toContain('Grant Edit access in the Cairn_Sync_Integration permission set');
    expect(h.org.stats().apiCalls.writes).toBe(0);
    expect((await h.store.getRun(result.runId))?.summary).toMatchObject({ status: 'failed', error: result.error });
  });
});
