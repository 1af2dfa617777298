import { diffRecord, diffRecords, normalize, sameValue, writePhases, type RecordChange } from './diff.js';
import type { RecordState, Values } from './records.js';

const OPP = '006000000000001AAA';
const MILESTONE_ID = 'a01000000000001AAA';

function opportunity(desired: Values, org: Values): RecordState {
  return { object: 'Opportunity', id: OPP, key: null, opportunityId: OPP, desired, org: { values: org } };
}

describe('normalize', () => {
  it('reads numbers at the field scale, whatever their spelling', () => {
    const integer = { kind: 'number', scale: 0 } as const;
    const twoPlaces = { kind: 'number', scale: 2 } as const;
    expect(normalize(integer, 72)).toBe(72);
    expect(normalize(integer, '72')).toBe(72);
    expect(normalize(integer, 72.0)).toBe(72);
    // Number(3,0) keeps 71.6 as 72
    expect(sameValue(integer, 71.6, 72)).toBe(true);
    // Number(16,2) holds 1.006 as 1.01
    expect(normalize(twoPlaces, 1.006)).toBe(1.01);
    expect(sameValue(twoPlaces, 1, '1.00')).toBe(true);
    expect(sameValue(integer, 0, null)).toBe(false);
    expect(normalize(integer, 'abc')).toBe('abc');
  });

  it('treats null, undefined, empty and blank text alike, and compares text by content', () => {
    const text = { kind: 'text' } as const;
    expect(normalize(text, null)).toBeNull();
    expect(normalize(text, undefined)).toBeNull();
    expect(normalize(text, '')).toBeNull();
    expect(normalize(text, '  ')).toBeNull();
    expect(sameValue(text, 'line 1\r\nline 2\n', 'line 1\nline 2')).toBe(true);
    expect(sameValue(text, 'At Risk', 'Onboarded')).toBe(false);
  });

  it('compares date-times by instant: Salesforce +0000 with milliseconds equals Z', () => {
    const datetime = { kind: 'datetime' } as const;
    expect(sameValue(datetime, '2026-03-04T10:12:00.000+0000', '2026-03-04T10:12:00Z')).toBe(true);
    expect(sameValue(datetime, '2026-03-04T12:12:00+02:00', '2026-03-04T10:12:00Z')).toBe(true);
    expect(sameValue(datetime, '2026-03-04T10:12:01Z', '2026-03-04T10:12:00Z')).toBe(false);
    // Salesforce keeps date-times to the second: an event's milliseconds are no change
    expect(sameValue(datetime, '2026-03-04T10:12:00.678Z', '2026-03-04T10:12:00.000+0000')).toBe(true);
    expect(normalize(datetime, '2026-03-04T10:12:00Z')).toBe(Date.UTC(2026, 2, 4, 10, 12));
  });

  it('compares dates by day, also when given as a UTC date-time', () => {
    const date = { kind: 'date' } as const;
    expect(normalize(date, '2026-03-04')).toBe('2026-03-04');
    expect(normalize(date, '2026-03-04T23:30:00.000+0000')).toBe('2026-03-04');
    expect(sameValue(date, '2026-03-04', '2026-03-05')).toBe(false);
  });

  it('reads a blank checkbox as false', () => {
    const boolean = { kind: 'boolean' } as const;
    expect(sameValue(boolean, false, null)).toBe(true);
    expect(sameValue(boolean, true, 'true')).toBe(true);
    expect(sameValue(boolean, true, false)).toBe(false);
  });
});

describe('diffRecord: a record the run read from the org', () => {
  const desired: Values = {
    Post_Sale_Status__c: 'Onboarded',
    Health_Score__c: 88,
    Health_Updated_At__c: '2026-05-01T09:00:00Z',
    Onboarded__c: true,
    Health_Drivers__c: null
  };

  it('sends nothing when the org holds every value, in whatever spelling', () => {
    const org: Values = {
      Post_Sale_Status__c: 'Onboarded',
      Health_Score__c: 88.0,
      Health_Updated_At__c: '2026-05-01T09:00:00.000+0000',
      Onboarded__c: true,
      Health_Drivers__c: ''
    };
    expect(diffRecord(opportunity(desired, org))).toBeNull();
  });

  it('puts back a sync-owned value changed by hand, sending only that field', () => {
    const org: Values = { ...desired, Post_Sale_Status__c: 'Implementing' };
    expect(diffRecord(opportunity(desired, org))).toEqual<RecordChange>({
      object: 'Opportunity',
      operation: 'update',
      key: OPP,
      values: { Post_Sale_Status__c: 'Onboarded' },
      before: { Post_Sale_Status__c: 'Implementing' },
      opportunityId: OPP
    });
  });

  it('is not talked out of a write by the store: the org value read now is the truth', () => {
    const org: Values = { ...desired, Health_Score__c: 40 };
    // the store says 88 was written and acknowledged, but someone has set 40 since
    const change = diffRecords(
      [opportunity(desired, org)],
      new Map([['Opportunity', new Map([[OPP, { Health_Score__c: 88 }]])]])
    );
    expect(change.map((c) => c.values)).toEqual([{ Health_Score__c: 88 }]);
  });

  it('fills Kickoff_Date__c when blank, and never overwrites or clears it', () => {
    expect(diffRecord(opportunity({ Kickoff_Date__c: '2026-04-02' }, { Kickoff_Date__c: null }))?.values).toEqual({
      Kickoff_Date__c: '2026-04-02'
    });
    expect(diffRecord(opportunity({ Kickoff_Date__c: '2026-04-02' }, { Kickoff_Date__c: '2026-03-30' }))).toBeNull();
    expect(diffRecord(opportunity({ Kickoff_Date__c: null }, { Kickoff_Date__c: '2026-03-30' }))).toBeNull();
  });

  it('updates a keyed child by upserting on its key, and a hand-made one by Id', () => {
    const progress = { Status__c: 'Achieved', Achieved_At__c: '2026-03-04T10:12:00Z', Evidence__c: 'manual' };
    const before = { Status__c: 'Achieved', Achieved_At__c: null, Evidence__c: null };
    const keyed: RecordState = {
      object: 'Success_Milestone__c',
      id: MILESTONE_ID,
      key: `${OPP}:first-report`,
      opportunityId: OPP,
      desired: progress,
      org: { values: before }
    };
    expect(diffRecord(keyed)).toMatchObject({
      operation: 'upsert',
      key: `${OPP}:first-report`,
      externalIdField: 'Milestone_Key__c',
      values: { Achieved_At__c: '2026-03-04T10:12:00Z', Evidence__c: 'manual' }
    });
    expect(diffRecord({ ...keyed, key: null })).toMatchObject({ operation: 'update', key: MILESTONE_ID });
    expect(diffRecord({ ...keyed, key: null })?.externalIdField).toBeUndefined();
  });
});

describe('diffRecord: records not in the org, and records the run does not read', () => {
  const stage: RecordState = {
    object: 'Implementation_Stage__c',
    id: null,
    key: `${OPP}:kickoff`,
    opportunityId: OPP,
    desired: {
      Opportunity__c: OPP,
      Name: 'Kickoff call',
      Sequence__c: 1,
      Status__c: 'To Do',
      Is_Kickoff__c: true,
      Target_Date__c: '2026-03-08'
    },
    org: 'absent'
  };

  it('creates an absent record whole, upserting on its key', () => {
    expect(diffRecord(stage)).toEqual<RecordChange>({
      object: 'Implementation_Stage__c',
      operation: 'upsert',
      key: `${OPP}:kickoff`,
      externalIdField: 'Stage_Key__c',
      values: stage.desired,
      before: null,
      opportunityId: OPP
    });
  });

  it('creates an absent record even when the store remembers writing it: the org read is the truth', () => {
    const lastWrites = new Map([['Implementation_Stage__c', new Map([[`${OPP}:kickoff`, stage.desired]])]]);
    expect(diffRecords([stage], lastWrites)).toHaveLength(1);
  });

  const key = `${OPP}:2026-05-01T09:00:00Z`;
  const change: RecordState = {
    object: 'Health_Change__c',
    id: null,
    key,
    opportunityId: OPP,
    desired: {
      Opportunity__c: OPP,
      Score__c: 64,
      Previous_Score__c: 72,
      Grade__c: 'C',
      Previous_Grade__c: 'B',
      Changed_At__c: '2026-05-01T09:00:00Z',
      Drivers__c: 'score 72 → 64 (-8), grade B → C'
    },
    org: 'unread'
  };

  it('writes an unread record the store has no acknowledged write of, every field', () => {
    expect(diffRecord(change)).toMatchObject({
      operation: 'upsert',
      externalIdField: 'Change_Key__c',
      values: change.desired,
      before: null
    });
  });

  it('skips an unread record the store acknowledged with the same values', () => {
    const acknowledged = { ...change.desired, Changed_At__c: '2026-05-01T09:00:00.000+0000' };
    expect(diffRecord(change, acknowledged)).toBeNull();
  });

  it('rewrites every field of an unread record when the store holds other values', () => {
    const acknowledged = { ...change.desired, Score__c: 60 };
    expect(diffRecord(change, acknowledged)).toMatchObject({ values: change.desired, before: acknowledged });
  });

  it('refuses a record it has no way to address', () => {
    expect(() => diffRecord({ ...stage, key: null })).toThrow(/neither an Id nor an external key/);
  });
});

describe('writePhases', () => {
  it('batches per object and operation, children first, then Opportunity, then Health_Change__c', () => {
    const change = (
      object: RecordChange['object'],
      operation: RecordChange['operation'],
      key: string
    ): RecordChange => ({
      object,
      operation,
      key,
      ...(operation === 'upsert'
        ? { externalIdField: object === 'Health_Change__c' ? 'Change_Key__c' : 'Milestone_Key__c' }
        : {}),
      values: { Name: key },
      before: null,
      opportunityId: OPP
    });
    const phases = writePhases([
      change('Health_Change__c', 'upsert', 'h1'),
      change('Opportunity', 'update', OPP),
      change('Success_Milestone__c', 'upsert', 'm1'),
      change('Success_Milestone__c', 'update', MILESTONE_ID),
      change('Success_Milestone__c', 'upsert', 'm2')
    ]);
    expect(
      phases.map((phase) => phase.map((b) => `${b.object} ${b.operation} ${b.records.map((r) => r.key).join(',')}`))
    ).toEqual([
      [`Success_Milestone__c upsert m1,m2`, `Success_Milestone__c update ${MILESTONE_ID}`],
      [`Opportunity update ${OPP}`],
      ['Health_Change__c upsert h1']
    ]);
    expect(phases[0]?.[0]?.externalIdField).toBe('Milestone_Key__c');
    expect(phases[0]?.[1]?.externalIdField).toBeUndefined();
  });

  it('has no phases when nothing changed', () => {
    expect(writePhases([])).toEqual([]);
  });
});
