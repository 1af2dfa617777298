// STAND-IN for `lightning/platformShowToastEvent`, preview only: the same event the platform
// listens for; the preview page shows it.
export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail: toast });
  }
}
