import { updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { reduceErrors } from 'c/ldsUtils';

/**
 * Saves fields of one record the way every Cairn card does: updateRecord (which refreshes
 * every wire showing the record, related lists included), then says what happened twice,
 * in the component's `announcement` (its card's live region) and in a toast. A failure
 * toasts the reasons Salesforce gave. It never throws.
 * @param {LightningElement} component the card's component: gets `announcement`, dispatches the toast
 * @param {object} fields field API names to values, `Id` included
 * @param {{successTitle: string, successMessage: string, errorTitle: string, errorMessage: string}} words
 *   toast titles and the sentences announced on success and on failure
 * @returns {Promise<boolean>} whether the record was saved
 */
export async function saveRecord(component, fields, words) {
  try {
    await updateRecord({ fields });
  } catch (error) {
    reportFailure(component, error, words);
    return false;
  }
  reportSuccess(component, words);
  return true;
}

/**
 * saveRecord for a component that also shows what went wrong in place (in an errorPanel).
 * @returns {Promise<object|null>} null when the record was saved, else the error Salesforce reported
 */
export async function attemptSave(component, fields, words) {
  try {
    await updateRecord({ fields });
  } catch (error) {
    reportFailure(component, error, words);
    return error ?? new Error(words.errorMessage);
  }
  reportSuccess(component, words);
  return null;
}

function reportFailure(component, error, { errorTitle, errorMessage }) {
  component.announcement = errorMessage;
  component.dispatchEvent(
    new ShowToastEvent({ title: errorTitle, message: reduceErrors(error).join(', '), variant: 'error' })
  );
}

function reportSuccess(component, { successTitle, successMessage }) {
  component.announcement = successMessage;
  component.dispatchEvent(new ShowToastEvent({ title: successTitle, message: successMessage, variant: 'success' }));
}
