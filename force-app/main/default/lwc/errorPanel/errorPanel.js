import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';

/**
 * Says that something could not be loaded, in words a person can act on, with the
 * underlying messages below.
 */
export default class ErrorPanel extends LightningElement {
  /** One error or a list of them, as a wire adapter or a UI API call reports them */
  @api errors;
  /** What could not be done, e.g. "The implementation plan could not be loaded." */
  @api friendlyMessage = 'Something went wrong while loading this data.';

  get messages() {
    return reduceErrors(this.errors).map((text, index) => ({ key: `${index}`, text }));
  }

  get hasMessages() {
    return this.messages.length > 0;
  }
}
