/**
 * Helpers for working with Lightning Data Service results, shared by the Cairn components.
 */
import { getFieldValue } from 'lightning/uiRecordApi';

/**
 * Turns what a wire adapter, a UI API call or plain JavaScript reported into messages a
 * person can read.
 * @param {object|object[]} errors one error or a list of them (null entries are ignored)
 * @returns {string[]} the messages, in order, without blanks
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  return list
    .filter((error) => !!error)
    .flatMap(messagesOf)
    .filter((message) => typeof message === 'string' && message.length > 0);
}

function messagesOf(error) {
  const body = error.body;
  // UI API read errors come as a list
  if (Array.isArray(body)) {
    return body.map((entry) => entry.message);
  }
  // UI API write errors: page-level first, then field-level (plain or under `output`)
  const pageErrors = body?.pageErrors?.length ? body.pageErrors : body?.output?.errors;
  if (pageErrors?.length) {
    return pageErrors.map((entry) => entry.message);
  }
  const fieldErrors = body?.fieldErrors ?? body?.output?.fieldErrors;
  if (fieldErrors && Object.keys(fieldErrors).length > 0) {
    return Object.values(fieldErrors)
      .flat()
      .map((entry) => entry.message);
  }
  if (typeof body?.message === 'string') {
    return [body.message];
  }
  if (typeof error.message === 'string') {
    return [error.message];
  }
  return [error.statusText];
}

/**
 * `Object.Field__c` for a field reference imported from `@salesforce/schema`, the form
 * `getRelatedListRecords` takes its `fields` and `sortBy` in.
 * @param {{objectApiName: string, fieldApiName: string}} field
 * @returns {string}
 */
export function qualifiedName(field) {
  return `${field.objectApiName}.${field.fieldApiName}`;
}

/**
 * A copy of UI API records in ascending order of the given fields, each one breaking the ties
 * of the one before; blank values come last. `getRelatedListRecords` sorts by one field only,
 * so a component that needs more sorts by the rest here.
 * @param {object[]} records records as `getRelatedListRecords` or `getRecord` give them
 * @param {object[]} fields field references imported from `@salesforce/schema`
 * @returns {object[]}
 */
export function sortRecords(records, fields) {
  return [...records].sort((a, b) => {
    for (const field of fields) {
      const order = compareValues(getFieldValue(a, field), getFieldValue(b, field));
      if (order !== 0) {
        return order;
      }
    }
    return 0;
  });
}

function compareValues(x, y) {
  const xBlank = x === null || x === undefined;
  const yBlank = y === null || y === undefined;
  if (xBlank || yBlank) {
    return xBlank === yBlank ? 0 : xBlank ? 1 : -1;
  }
  if (typeof x === 'string' && typeof y === 'string') {
    return x.localeCompare(y);
  }
  return x < y ? -1 : x > y ? 1 : 0;
}
