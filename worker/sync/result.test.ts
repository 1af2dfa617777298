import type { WriteReport } from '../salesforce/write-types.js';
import { emptyCallsByKind, WriteTally } from './result.js';

function report(written: number, failed: number): WriteReport {
  return {
    writes: { Success_Milestone__c: { created: written, updated: 0 } },
    written: Array.from({ length: written }, (_, i) => ({
      object: 'Success_Milestone__c',
      key: `006000000000001AAA:m-${i}`,
      id: `a01${String(i).padStart(15, '0')}`,
      created: true
    })),
    failedRows: Array.from({ length: failed }, (_, i) => ({
      object: 'Success_Milestone__c',
      id: null,
      key: `006000000000002AAA:m-${i}`,
      statusCode: 'UNABLE_TO_LOCK_ROW',
      message: 'locked',
      fields: []
    })),
    notAttempted: 3,
    retries: { rows: 2, calls: 1, sessionRenewals: 0 },
    apiCalls: { total: 0, byKind: emptyCallsByKind() }
  };
}

describe('WriteTally', () => {
  it('adds up the reports of a run, however many rows each holds', () => {
    const tally = new WriteTally();
    // 150,000 rows: more than a call can take as spread arguments
    tally.add(report(150_000, 2));
    tally.add(report(5, 150_000));
    expect(tally.writes.Success_Milestone__c).toEqual({ created: 150_005, updated: 0 });
    expect(tally.writtenRows).toBe(150_005);
    expect(tally.failedRows).toHaveLength(150_002);
    expect(tally.notAttempted).toBe(6);
    expect(tally.retriedRows).toBe(4);
  });
});
