import { LightningElement, wire } from 'lwc';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';

const NAME = 'Opportunity.Name';
const ACCOUNT_NAME = 'Opportunity.Account.Name';
const CLOSE_DATE = 'Opportunity.CloseDate';
const AMOUNT = 'Opportunity.Amount';
const STAGE = 'Opportunity.StageName';
const POST_SALE_STATUS = 'Opportunity.Post_Sale_Status__c';
const TOAST_MS = 6000;

/**
 * The preview's stand-in for the Lightning record page: a highlights panel and the Cairn
 * components in the regions Cairn_Opportunity_Record_Page gives them, plus the toasts the
 * platform would show for ShowToastEvent.
 */
export default class App extends LightningElement {
  recordId = new URLSearchParams(window.location.search).get('recordId') || document.documentElement.dataset.recordId;
  toasts = [];
  toastCount = 0;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: [NAME, CLOSE_DATE, STAGE],
    optionalFields: [ACCOUNT_NAME, AMOUNT, POST_SALE_STATUS]
  })
  opportunity;

  connectedCallback() {
    this.template.addEventListener('lightning__showtoast', (event) => this.showToast(event.detail));
  }

  get hasRecordId() {
    return !!this.recordId;
  }

  get name() {
    return this.value(NAME) ?? '';
  }

  get accountName() {
    return this.value(ACCOUNT_NAME);
  }

  get closeDate() {
    return this.value(CLOSE_DATE);
  }

  get amount() {
    return this.value(AMOUNT);
  }

  get stage() {
    return this.value(STAGE);
  }

  get postSaleStatus() {
    return this.value(POST_SALE_STATUS) ?? '—';
  }

  get headerError() {
    const body = this.opportunity?.error?.body;
    const message = Array.isArray(body) ? body.map((e) => e.message).join(', ') : body?.message;
    return this.opportunity?.error ? `Opportunity ${this.recordId} could not be read: ${message}` : '';
  }

  value(field) {
    return this.opportunity?.data ? getFieldValue(this.opportunity.data, field) : undefined;
  }

  showToast({ title, message, variant = 'info' }) {
    const id = ++this.toastCount;
    const icon = { success: 'utility:success', error: 'utility:error', warning: 'utility:warning' }[variant];
    this.toasts = [
      ...this.toasts,
      {
        id,
        title,
        message,
        icon: icon ?? 'utility:info',
        className: `toast toast_${variant}`,
        role: variant === 'error' ? 'alert' : 'status'
      }
    ];
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    setTimeout(() => this.dismiss(id), TOAST_MS);
  }

  handleDismiss(event) {
    this.dismiss(Number(event.target.dataset.id));
  }

  dismiss(id) {
    this.toasts = this.toasts.filter((toast) => toast.id !== id);
  }
}
