// The doctor's SOQL: which Cairn permission sets the org has, and which the running user holds.
import { soqlString, soqlStringList } from '../../salesforce/soql.js';
import { PERMISSION_SETS } from './expected.js';

export function permissionSetsQuery(): string {
  return `SELECT Name FROM PermissionSet WHERE Name IN ${soqlStringList(PERMISSION_SETS)}`;
}

export function permissionSetAssignmentsQuery(userId: string): string {
  return [
    'SELECT PermissionSet.Name FROM PermissionSetAssignment',
    ` WHERE AssigneeId = ${soqlString(userId)} AND PermissionSet.Name IN ${soqlStringList(PERMISSION_SETS)}`
  ].join('');
}
