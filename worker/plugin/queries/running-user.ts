// The user a command runs as, for `--mine` and the doctor's permission-set check. The sf CLI
// keeps the user id only for some kinds of login, so it is looked up by username otherwise.
import { soqlString } from '../../salesforce/soql.js';

export function runningUserQuery(username: string): string {
  return `SELECT Id, Name FROM User WHERE Username = ${soqlString(username)} LIMIT 1`;
}
