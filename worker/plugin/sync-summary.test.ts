import type { SyncResult } from '../sync/result.js';
import { schemaProblems } from '../../test/plugin/result-schemas.js';
import { syncHeadline, syncTableRows } from './sync-summary.js';

function result(overrides: Partial<SyncResult>): SyncResult {
  return {
    runId: 'run-1',
    status: 'succeeded',
    startedAt: '2026-05-01T12:00:00.000Z',
    finishedAt: '2026-05-01T12:00:02.500Z',
    opportunitiesInScope: 3,
    writes: {
      Implementation_Stage__c: { created: 2, updated: 0 },
      Success_Milestone__c: { created: 0, updated: 0 },
      Business_Review__c: { created: 4, updated: 1 },
      Opportunity: { created: 0, updated: 3 },
      Health_Change__c: { created: 0, updated: 0 }
    },
    failedRows: [],
    apiCalls: 9,
    apiCallsByKind: { query: 1, sobject: 0, collections: 3, bulk2: 0, describe: 4, limits: 1, other: 0 },
    kind: 'full',
    retries: { rows: 0, calls: 0, sessionRenewals: 0 },
    notAttempted: 0,
    durationMs: 2500,
    dryRun: false,
    skipped: [],
    warnings: [],
    usage: [],
    ...overrides
  };
}

test('a run: one row per object written, in write order, untouched objects left out', () => {
  expect(syncTableRows(result({}))).toEqual([
    { object: 'Implementation_Stage__c', created: 2, updated: 0 },
    { object: 'Business_Review__c', created: 4, updated: 1 },
    { object: 'Opportunity', created: 0, updated: 3 }
  ]);
  expect(syncHeadline(result({}))).toEqual([
    'Sync run run-1: succeeded, 3 won opportunities in scope, 9 API calls, 2.5 s'
  ]);
  expect(schemaProblems('cairn-sync', result({}))).toEqual([]);
});

test('a dry run counts the planned writes: a record with nothing before is a create', () => {
  const dry = result({
    dryRun: true,
    writes: {},
    plannedWrites: [
      {
        object: 'Opportunity',
        operation: 'update',
        key: '006A',
        opportunityId: '006A',
        values: { Post_Sale_Status__c: 'Awaiting Kickoff' },
        before: { Post_Sale_Status__c: null }
      },
      {
        object: 'Business_Review__c',
        operation: 'upsert',
        key: '006A:QBR:1',
        opportunityId: '006A',
        values: { Name: 'QBR 1' },
        before: null
      },
      {
        object: 'Business_Review__c',
        operation: 'upsert',
        key: '006A:QBR:2',
        opportunityId: '006A',
        values: { Name: 'QBR 2' },
        before: null
      }
    ]
  });
  expect(syncTableRows(dry)).toEqual([
    { object: 'Opportunity', created: 0, updated: 1 },
    { object: 'Business_Review__c', created: 2, updated: 0 }
  ]);
  expect(syncHeadline(dry)[0]).toBe(
    'Sync run run-1 (dry run: nothing written): succeeded, 3 won opportunities in scope, 9 API calls, 2.5 s'
  );
});

test('a partial run lists every refused row; a failed run says why', () => {
  const partial = result({
    status: 'partial',
    failedRows: [
      {
        object: 'Opportunity',
        id: '006A',
        key: '006A',
        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: 'Amount must be set',
        fields: ['Amount'],
        fix: 'A validation rule in the org refused the row (on Opportunity.Amount): let the integration user pass it, or correct the data it checks.'
      }
    ],
    skipped: [
      {
        opportunityId: '006B',
        object: 'Opportunity',
        recordId: '006B',
        field: 'Licensed_Seats__c',
        value: -1,
        message: 'seats cannot be negative'
      }
    ]
  });
  expect(syncHeadline(partial).slice(1)).toEqual([
    'Refused: Opportunity 006A: FIELD_CUSTOM_VALIDATION_EXCEPTION Amount must be set',
    'Left out: opportunity 006B: seats cannot be negative'
  ]);
  expect(syncHeadline(result({ status: 'failed', error: 'API budget used up' }))[1]).toBe('Error: API budget used up');
  expect(schemaProblems('cairn-sync', partial)).toEqual([]);
});
