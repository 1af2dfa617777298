// Text the worker writes into Salesforce ends up in reports, and reports are exported to
// spreadsheets, where a cell that starts with =, +, -, @, a tab or a carriage return is read
// as a formula (CSV formula injection). Text that starts with what a person or a product
// sent (a review's name, an event name) is therefore prefixed with an apostrophe, as OWASP
// advises for CSV exports: the spreadsheet shows the text as it is and runs nothing.
// (Health_Drivers__c lines start with the worker's own signed number, DESIGN §4.2.)
const FORMULA_START = /^[=+\-@\t\r]/;

export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
