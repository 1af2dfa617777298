import { reduceErrors, qualifiedName } from 'c/ldsUtils';

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
