// `sf cairn doctor`'s verdicts, from facts gathered from the org (facts.ts): is each Cairn
// object and field there, can the running user read and write what the worker needs, are the
// permission sets deployed and assigned, how much of the daily API allowance is left; and,
// from the worker's store, whether track events have long waited for their account.
import { WORKER_FIELDS, type WorkerObject } from '../../salesforce/fields.js';
import { INTEGRATION_PERMISSION_SET } from '../../salesforce/errors.js';
import { waitingEventsNote, WAITING_DAYS } from '../../ingest/waiting-events.js';
import { isSupportedApiVersion, MIN_API_VERSION } from '../../config/schema.js';
import type { PendingEvents } from '../../store/store.js';
import { CAIRN_OBJECTS, CREATED_BY_INSERT, PERMISSION_SETS, customFieldsOf, fieldsFolderOf } from './expected.js';

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

export interface DoctorResult {
  checks: DoctorCheck[];
  /** no check failed (warnings allowed) */
  ok: boolean;
}

export interface FieldFacts {
  name: string;
  createable: boolean;
  updateable: boolean;
  /** a master-detail field: set on create, never updated */
  masterDetail: boolean;
  /** a picklist's active values; empty for other fields */
  picklistValues: string[];
}

/** A fact the org would not tell (e.g. an object the org does not support querying), with why. */
export interface Unknown {
  unknown: string;
}

export interface DoctorFacts {
  instanceUrl: string;
  username: string;
  apiVersion: string;
  /** describe's fields per object; null when the object is not in the org (or not visible) */
  objects: Record<WorkerObject, FieldFacts[] | null>;
  /** Cairn permission sets present in the org */
  permissionSetsDeployed: string[] | Unknown;
  /** Cairn permission sets assigned to the running user */
  permissionSetsAssigned: string[] | Unknown;
  /** DailyApiRequests from the limits resource */
  dailyApiRequests: { max: number; remaining: number } | Unknown;
  /** from the worker's store: track events still waiting for their user's group call */
  waitingEvents: PendingEvents | Unknown;
  /** the names of config/features.json (or CAIRN_FEATURES), which Case.Product_Feature__c should offer */
  featureNames: string[] | Unknown;
}

/** Below this share of the daily API allowance, the doctor warns. */
export const LOW_API_BUDGET = 0.1;

function isUnknown<T>(fact: T | Unknown): fact is Unknown {
  return typeof fact === 'object' && fact !== null && 'unknown' in fact;
}

function list(names: readonly string[]): string {
  return names.join(', ');
}

function deployFix(org: string): string {
  return `Deploy Cairn's metadata: sf project deploy start --source-dir force-app --target-org ${org}`;
}

function assignFix(org: string, permissionSet: string = INTEGRATION_PERMISSION_SET): string {
  return `Assign the permission set: sf org assign permset --name ${permissionSet} --target-org ${org}`;
}

function objectCheck(object: WorkerObject, fields: FieldFacts[] | null, org: string): DoctorCheck {
  const name = `deployed: ${object}`;
  if (fields === null) {
    return {
      name,
      status: 'fail',
      message: `the object ${object} is not in the org, or the running user cannot see it`,
      fix: `${deployFix(org)}; if it is deployed: ${assignFix(org)}`
    };
  }
  const present = new Set(fields.map((f) => f.name));
  const expected = customFieldsOf(object);
  const missing = expected.filter((field) => !present.has(field));
  if (missing.length > 0) {
    const folder = fieldsFolderOf(object);
    const where =
      folder === object
        ? ''
        : ` (${object}'s custom fields are ${folder} fields: force-app/main/default/objects/${folder}/fields)`;
    return {
      name,
      status: 'fail',
      message: `${missing.length} of ${expected.length} Cairn fields missing or hidden from the running user: ${list(missing)}`,
      fix: `${deployFix(org)}${where}; if they are deployed: ${assignFix(org)}`
    };
  }
  if (expected.length === 0) return { name, status: 'pass', message: 'in the org; Cairn adds no fields to it' };
  return { name, status: 'pass', message: `${expected.length} of ${expected.length} Cairn fields present` };
}

/**
 * The worker's read and write access on one object. Custom fields not seen at all are the
 * deployed check's to report; here the standard fields it reads, and every field it writes:
 * updateable, or for a master-detail field (set only when a record is created) createable;
 * on an object it creates by insert, both (describe says neither without the object's create
 * permission, for Task the Edit Tasks user permission).
 */
function accessCheck(object: WorkerObject, fields: FieldFacts[], org: string): DoctorCheck {
  const name = `access: ${object}`;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const { read, write } = WORKER_FIELDS[object];
  const createdWith = CREATED_BY_INSERT[object];
  const inserts = createdWith !== undefined;
  const unreadable = read.filter((field) => !field.endsWith('__c') && !byName.has(field));
  const unwritable = write.filter((field) => {
    const facts = byName.get(field);
    if (!facts) return false;
    if (inserts) return !(facts.createable && facts.updateable);
    return !(facts.updateable || (facts.masterDetail && facts.createable));
  });
  if (unreadable.length === 0 && unwritable.length === 0) {
    const writes = write.length ? `and edit the ${write.length} it writes` : '(it writes none)';
    return {
      name,
      status: 'pass',
      message: `the running user can read the ${read.length} fields the worker reads ${writes}`
    };
  }
  const problems = [
    ...(unreadable.length ? [`cannot read ${list(unreadable)}`] : []),
    ...(unwritable.length ? [`cannot ${inserts ? 'create and edit' : 'edit'} ${list(unwritable)}`] : [])
  ];
  const grants = inserts
    ? `${INTEGRATION_PERMISSION_SET}, which enables ${createdWith} and edit on the ${object} fields the worker writes`
    : INTEGRATION_PERMISSION_SET;
  return {
    name,
    status: 'fail',
    message: `the running user ${problems.join('; ')} (the sync worker needs them)`,
    fix: `Run the worker as a user with ${grants}: ${assignFix(org)}`
  };
}

function permissionSetsDeployedCheck(facts: DoctorFacts, org: string): DoctorCheck {
  const name = 'permission sets deployed';
  const deployed = facts.permissionSetsDeployed;
  if (isUnknown(deployed)) return { name, status: 'warn', message: `unknown: ${deployed.unknown}` };
  const missing = PERMISSION_SETS.filter((set) => !deployed.includes(set));
  if (missing.length > 0) {
    return { name, status: 'fail', message: `not in the org: ${list(missing)}`, fix: deployFix(org) };
  }
  return { name, status: 'pass', message: list(PERMISSION_SETS) };
}

function permissionSetsAssignedCheck(facts: DoctorFacts, org: string): DoctorCheck {
  const name = 'permission sets assigned';
  const assigned = facts.permissionSetsAssigned;
  if (isUnknown(assigned)) return { name, status: 'warn', message: `unknown: ${assigned.unknown}` };
  if (assigned.length === 0) {
    return {
      name,
      status: 'warn',
      message: `${facts.username} has neither ${list(PERMISSION_SETS)}; its access comes from its profile alone`,
      fix: `For the worker's user: ${assignFix(org)}; for an account manager: sf org assign permset --name Cairn_Account_Manager --target-org ${org}`
    };
  }
  return { name, status: 'pass', message: `${facts.username} has ${list(assigned)}` };
}

function apiBudgetCheck(facts: DoctorFacts, org: string): DoctorCheck {
  const name = 'API budget';
  const requests = facts.dailyApiRequests;
  if (isUnknown(requests)) return { name, status: 'warn', message: `unknown: ${requests.unknown}` };
  const { max, remaining } = requests;
  const share = max > 0 ? remaining / max : 0;
  const message = `${remaining.toLocaleString('en-US')} of ${max.toLocaleString('en-US')} daily API requests left (${Math.floor(share * 100)}%)`;
  const fix = `See usage with: sf org list limits --target-org ${org}; lower the worker's API budget or wait for requests to free up (rolling 24 hours)`;
  if (remaining <= 0) return { name, status: 'fail', message, fix };
  if (share < LOW_API_BUDGET) return { name, status: 'warn', message, fix };
  return { name, status: 'pass', message };
}

function waitingEventsCheck(facts: DoctorFacts): DoctorCheck {
  const name = 'events waiting for an account';
  const pending = facts.waitingEvents;
  if (isUnknown(pending)) return { name, status: 'warn', message: `unknown: ${pending.unknown}` };
  const note = waitingEventsNote(pending);
  if (note) {
    return {
      name,
      status: 'warn',
      message: note,
      fix: "Have the product send a group call for each of these users (analytics.group({ userId, groupId: <the account's Product_Account_Id__c> })), or set context.groupId on its track calls"
    };
  }
  return {
    name,
    status: 'pass',
    message: `none has waited more than ${WAITING_DAYS} days (${pending.total} waiting for a group call now)`
  };
}

/** Case.Product_Feature__c should offer exactly the features of the features file (DESIGN §9.1). */
function featureValuesCheck(facts: DoctorFacts): DoctorCheck | null {
  const name = 'Case.Product_Feature__c values';
  const field = facts.objects.Case?.find((f) => f.name === 'Product_Feature__c');
  if (!field) return null; // "deployed: Case" already says it is missing
  const names = facts.featureNames;
  if (isUnknown(names)) return { name, status: 'warn', message: `unknown: ${names.unknown}` };
  const missing = names.filter((n) => !field.picklistValues.includes(n));
  const extra = field.picklistValues.filter((v) => !names.includes(v));
  if (missing.length === 0 && extra.length === 0) {
    return { name, status: 'pass', message: `the ${names.length} features of the features file` };
  }
  return {
    name,
    status: 'warn',
    message: [
      ...(missing.length > 0 ? [`lacks ${list(missing)}, named in the features file`] : []),
      ...(extra.length > 0 ? [`offers ${list(extra)}, which the features file does not name`] : [])
    ].join('; '),
    fix:
      'Make them the same, so cases are tagged with the features Cairn measures: edit config/features.json (or the file CAIRN_FEATURES names) ' +
      'and Case.Product_Feature__c in force-app, then deploy force-app; or edit the picklist in Setup → Object Manager → Case → Fields'
  };
}

/** Who the command is signed in as, and whether the API version is one Cairn runs on. */
function connectionCheck(facts: DoctorFacts): DoctorCheck {
  const message = `${facts.username} at ${facts.instanceUrl} (API v${facts.apiVersion})`;
  if (isSupportedApiVersion(facts.apiVersion)) return { name: 'connection', status: 'pass', message };
  return {
    name: 'connection',
    status: 'fail',
    message: `${message}: Cairn needs API version ${MIN_API_VERSION}.0 or later (targeted runs read with nested subqueries)`,
    fix: `Run with --api-version 62.0, or set it for the CLI: sf config set org-api-version 62.0; the worker reads SF_API_VERSION`
  };
}

/** Every check, in a fixed order; `org` is how the fixes name the target org (its alias or username). */
export function doctorChecks(facts: DoctorFacts, org: string): DoctorResult {
  const checks: DoctorCheck[] = [connectionCheck(facts)];
  for (const object of CAIRN_OBJECTS) {
    checks.push(objectCheck(object, facts.objects[object], org));
  }
  for (const object of CAIRN_OBJECTS) {
    const fields = facts.objects[object];
    if (fields !== null) checks.push(accessCheck(object, fields, org));
  }
  const features = featureValuesCheck(facts);
  if (features) checks.push(features);
  checks.push(
    permissionSetsDeployedCheck(facts, org),
    permissionSetsAssignedCheck(facts, org),
    apiBudgetCheck(facts, org),
    waitingEventsCheck(facts)
  );
  return { checks, ok: checks.every((check) => check.status !== 'fail') };
}
