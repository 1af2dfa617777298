import { LightningElement, api } from 'lwc';

/**
 * The card every Cairn component sits in: title and icon, a spinner while loading, an error
 * panel when loading failed, an empty state, and a polite live region for what a save did.
 * The component's own content goes in the default slot (badges in `actions`); the component
 * renders it only once it has something to show, since a slot's content exists in the page
 * whether or not the card is showing it.
 */
export default class CairnCard extends LightningElement {
  @api title;
  @api iconName;
  /** Shows the spinner (it wins over everything else) */
  @api loading = false;
  /** Spinner text, e.g. "Loading the implementation plan" */
  @api loadingMessage;
  /** One error or a list of them, as wire adapters report them; an empty list is no error */
  @api errors;
  /** What could not be loaded, e.g. "The implementation plan could not be loaded." */
  @api errorMessage;
  /** Shows the empty state */
  @api empty = false;
  @api emptyMessage;
  /** What the last save did, read out by screen readers */
  @api announcement = '';

  get hasError() {
    return Array.isArray(this.errors) ? this.errors.some((e) => !!e) : !!this.errors;
  }
}
