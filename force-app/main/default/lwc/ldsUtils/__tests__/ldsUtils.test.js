import { reduceErrors, qualifiedName, sortRecords } from 'c/ldsUtils';

describe('reduceErrors', () => {
  it('reads UI API read errors (a list in the body)', () => {
    const error = { body: [{ message: 'The requested resource does not exist' }, { message: 'Second' }] };
    expect(reduceErrors(error)).toEqual(['The requested resource does not exist', 'Second']);
  });

  it('reads page errors before field errors', () => {
    const error = {
      body: {
        pageErrors: [{ message: 'Record is locked' }],
        fieldErrors: { Status__c: [{ message: 'bad value for restricted picklist field: Nope' }] }
      }
    };
    expect(reduceErrors(error)).toEqual(['Record is locked']);
  });

  it('reads field errors of a UI API write, plain and under output', () => {
    const plain = { body: { pageErrors: [], fieldErrors: { Name: [{ message: 'Required' }] } } };
    const output = {
      body: { output: { errors: [], fieldErrors: { A__c: [{ message: 'a' }], B__c: [{ message: 'b' }] } } }
    };
    expect(reduceErrors(plain)).toEqual(['Required']);
    expect(reduceErrors(output)).toEqual(['a', 'b']);
  });

  it('reads page errors under output', () => {
    expect(reduceErrors({ body: { output: { errors: [{ message: 'Insufficient access' }] } } })).toEqual([
      'Insufficient access'
    ]);
  });

  it('reads body messages, JavaScript errors and status text, skipping blanks', () => {
    const errors = [
      { body: { message: 'Network down' } },
      new Error('boom'),
      { statusText: 'Service Unavailable' },
      null,
      { statusText: '' }
    ];
    expect(reduceErrors(errors)).toEqual(['Network down', 'boom', 'Service Unavailable']);
  });
});

describe('qualifiedName', () => {
  it('joins object and field API names', () => {
    expect(qualifiedName({ objectApiName: 'Implementation_Stage__c', fieldApiName: 'Sequence__c' })).toBe(
      'Implementation_Stage__c.Sequence__c'
    );
  });
});

describe('sortRecords', () => {
  const DUE = { objectApiName: 'Business_Review__c', fieldApiName: 'Due_Date__c' };
  const SEQUENCE = { objectApiName: 'Business_Review__c', fieldApiName: 'Sequence__c' };
  const record = (id, due, sequence) => ({
    id,
    fields: { Due_Date__c: { value: due }, Sequence__c: { value: sequence } }
  });

  it('sorts by the first field, breaks ties with the next, and puts blanks last', () => {
    const records = [
      record('r1', '2026-05-30', 2),
      record('r2', null, 1),
      record('r3', '2026-04-27', 9),
      record('r4', '2026-05-30', 1),
      record('r5', '2026-05-30', null)
    ];
    // 27 April first; the three on 30 May by sequence 1, 2, then the blank; no due date last.
    expect(sortRecords(records, [DUE, SEQUENCE]).map((r) => r.id)).toEqual(['r3', 'r4', 'r1', 'r5', 'r2']);
    // A copy: the records as given are left alone.
    expect(records.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
  });

  it('orders numbers as numbers and text alphabetically', () => {
    const NAME = { objectApiName: 'Implementation_Stage__c', fieldApiName: 'Name' };
    const named = (id, name, sequence) => ({
      id,
      fields: { Name: { value: name }, Sequence__c: { value: sequence } }
    });
    const SEQ = { objectApiName: 'Implementation_Stage__c', fieldApiName: 'Sequence__c' };
    const records = [named('a', 'Go-live', 10), named('b', 'Training', 2), named('c', 'Admin setup', 2)];
    // 2 before 10 (not "10" before "2"); the two at 2 by name: Admin setup, Training.
    expect(sortRecords(records, [SEQ, NAME]).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
});
