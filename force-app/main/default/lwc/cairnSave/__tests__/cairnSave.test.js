import { updateRecord } from 'lightning/uiRecordApi';
import { attemptSave, saveRecord } from 'c/cairnSave';

const WORDS = {
  successTitle: 'Stage updated',
  successMessage: 'Go-live is now Done.',
  errorTitle: 'Could not update Go-live',
  errorMessage: 'Go-live could not be updated; it is still To Do.'
};

function fakeComponent() {
  return { announcement: '', dispatchEvent: jest.fn() };
}

describe('saveRecord', () => {
  afterEach(() => {
    jest.clearAllMocks();
  });

  it('updates the record, announces the success and toasts it', async () => {
    const component = fakeComponent();
    const fields = { Id: 'a01000000000005AAA', Status__c: 'Done' };
    await expect(saveRecord(component, fields, WORDS)).resolves.toBe(true);
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: 'a01000000000005AAA', Status__c: 'Done' } });
    expect(component.announcement).toBe('Go-live is now Done.');
    expect(component.dispatchEvent).toHaveBeenCalledTimes(1);
    const toast = component.dispatchEvent.mock.calls[0][0];
    expect(toast.type).toBe('lightning__showtoast');
    expect(toast.detail).toEqual({ title: 'Stage updated', message: 'Go-live is now Done.', variant: 'success' });
  });

  it('announces a failure and toasts the reasons Salesforce gave, without throwing', async () => {
    updateRecord.mockRejectedValueOnce({
      body: { output: { errors: [], fieldErrors: { Status__c: [{ message: 'bad value' }], X__c: [{ message: 'x' }] } } }
    });
    const component = fakeComponent();
    await expect(saveRecord(component, { Id: 'a01000000000005AAA' }, WORDS)).resolves.toBe(false);
    expect(component.announcement).toBe('Go-live could not be updated; it is still To Do.');
    expect(component.dispatchEvent.mock.calls[0][0].detail).toEqual({
      title: 'Could not update Go-live',
      message: 'bad value, x',
      variant: 'error'
    });
  });

  it('attemptSave gives back the error Salesforce reported, or null once saved', async () => {
    const refusal = { body: { message: 'insufficient access rights on object id' } };
    updateRecord.mockRejectedValueOnce(refusal);
    const component = fakeComponent();
    await expect(attemptSave(component, { Id: 'a01000000000005AAA' }, WORDS)).resolves.toBe(refusal);
    expect(component.announcement).toBe('Go-live could not be updated; it is still To Do.');
    await expect(attemptSave(component, { Id: 'a01000000000005AAA' }, WORDS)).resolves.toBeNull();
    expect(component.announcement).toBe('Go-live is now Done.');
  });
});
