// The worker's field list (declared per object in worker/salesforce/objects/, derived in
// worker/salesforce/fields.ts) against force-app, and the two permission sets against it:
// the integration user gets exactly what the worker reads and writes; account managers read
// every Cairn field and never edit one the worker owns; sales reps edit only the handoff fields.

import {
  FIELDS_OUTSIDE_PERMISSION_SETS,
  SYNC_OWNED_CONTACT_FIELDS,
  SYNC_OWNED_OPPORTUNITY_FIELDS,
  WORKER_FIELDS
} from '../../worker/salesforce/fields.js';
import type { Problem } from './checks.js';
import {
  customField,
  fieldExists,
  hasFieldSecurity,
  isCustomObject,
  isFormula,
  permissionSetFieldName,
  type Project
} from './force-app-model.js';
import { ACTIVITY } from './standard-schema.js';
import { childrenNamed, textOf, type XmlElement } from './xml.js';

const ACCOUNT_MANAGER_PERMISSION_SET = 'Cairn_Account_Manager';
const INTEGRATION_PERMISSION_SET = 'Cairn_Sync_Integration';
const SALES_HANDOFF_PERMISSION_SET = 'Cairn_Sales_Handoff';
const WORKER_FIELDS_FILE = 'worker/salesforce/fields.ts';

/** Fields only the sync worker writes: account managers may read them, never edit them (DESIGN §2). */
function syncOwnedFields(project: Project): Map<string, ReadonlySet<string>> {
  return new Map<string, ReadonlySet<string>>([
    ['Opportunity', new Set(SYNC_OWNED_OPPORTUNITY_FIELDS)],
    ['Contact', new Set(SYNC_OWNED_CONTACT_FIELDS)],
    ['Business_Review__c', new Set(['Value_Summary__c'])],
    ['Health_Change__c', new Set(project.objects.get('Health_Change__c')?.fields.keys() ?? [])],
    [ACTIVITY, new Set(WORKER_FIELDS.Task.write.filter((field) => field.endsWith('__c')))]
  ]);
}

type WorkerObject = keyof typeof WORKER_FIELDS;

/** Objects a permission set cannot grant: a contact role is visible with its opportunity. */
const ACCESS_FOLLOWS_PARENT: ReadonlySet<string> = new Set(['OpportunityContactRole']);
/**
 * Objects with no object permissions at all: who can create and edit tasks is the Edit Tasks user
 * permission, and which tasks a user sees and edits follows the sharing of the record each
 * relates to (an opportunity here), whoever the task is assigned to.
 */
const ACCESS_BY_USER_PERMISSION: Readonly<Partial<Record<string, string>>> = { Task: 'EditTask' };
const workerObjects = Object.keys(WORKER_FIELDS) as WorkerObject[];

/** FIELDS_OUTSIDE_PERMISSION_SETS names a field for every object, or as `Object.Field` for one. */
function outsidePermissionSets(object: string, field: string): boolean {
  return FIELDS_OUTSIDE_PERMISSION_SETS.has(field) || FIELDS_OUTSIDE_PERMISSION_SETS.has(`${object}.${field}`);
}

function workerFieldRules(project: Project): Problem[] {
  const problems: Problem[] = [];
  const report = (message: string) => problems.push({ file: WORKER_FIELDS_FILE, message });
  for (const object of workerObjects) {
    const { read, write } = WORKER_FIELDS[object];
    for (const field of [...read, ...write] as string[]) {
      if (!fieldExists(project, object, field)) {
        report(`WORKER_FIELDS names ${object}.${field}, which is not a field in force-app nor a known standard field`);
      } else if (outsidePermissionSets(object, field) === hasFieldSecurity(project, object, field)) {
        report(
          outsidePermissionSets(object, field)
            ? `FIELDS_OUTSIDE_PERMISSION_SETS lists ${field}, but ${object}.${field} has field-level security`
            : `${object}.${field} has no field-level security, so FIELDS_OUTSIDE_PERMISSION_SETS must list ${field} (or ${object}.${field})`
        );
      }
    }
  }
  return problems;
}

function missingPermissionSet(name: string): Problem {
  return { file: 'force-app/main/default/permissionsets', message: `there is no permission set ${name}` };
}

interface Grants {
  fields: Map<string, { readable: boolean; editable: boolean }>;
  /** the user permissions enabled */
  userPermissions: ReadonlySet<string>;
  objects: Map<
    string,
    Record<'allowCreate' | 'allowDelete' | 'allowEdit' | 'allowRead' | 'modifyAllRecords' | 'viewAllRecords', boolean>
  >;
}

function grantsOf(element: XmlElement): Grants {
  const flag = (grant: XmlElement, name: string) => textOf(grant, name) === 'true';
  return {
    fields: new Map(
      childrenNamed(element, 'fieldPermissions').map((grant) => [
        textOf(grant, 'field') ?? '',
        { readable: flag(grant, 'readable'), editable: flag(grant, 'editable') }
      ])
    ),
    userPermissions: new Set(
      childrenNamed(element, 'userPermissions')
        .filter((permission) => flag(permission, 'enabled'))
        .map((permission) => textOf(permission, 'name') ?? '')
    ),
    objects: new Map(
      childrenNamed(element, 'objectPermissions').map((grant) => [
        textOf(grant, 'object') ?? '',
        {
          allowCreate: flag(grant, 'allowCreate'),
          allowDelete: flag(grant, 'allowDelete'),
          allowEdit: flag(grant, 'allowEdit'),
          allowRead: flag(grant, 'allowRead'),
          modifyAllRecords: flag(grant, 'modifyAllRecords'),
          viewAllRecords: flag(grant, 'viewAllRecords')
        }
      ])
    )
  };
}

/**
 * The integration user gets exactly what WORKER_FIELDS lists: read on `read` fields, edit on
 * `write` fields, nothing else; on objects, read everywhere, View All on the standard objects
 * (the sync scope must see every won deal whatever the sharing model), edit where it writes,
 * create on the custom objects it upserts, never delete or Modify All.
 */
function integrationPermissionSetRules(project: Project): Problem[] {
  const permissionSet = project.permissionSets.get(INTEGRATION_PERMISSION_SET);
  if (!permissionSet) return [missingPermissionSet(INTEGRATION_PERMISSION_SET)];
  if (!permissionSet.element) return [];
  const problems: Problem[] = [];
  const report = (message: string) => problems.push({ file: permissionSet.file, message });
  const grants = grantsOf(permissionSet.element);

  const expected = new Map<string, boolean>();
  for (const object of workerObjects) {
    const { read, write } = WORKER_FIELDS[object];
    for (const field of read as readonly string[])
      if (!outsidePermissionSets(object, field)) expected.set(`${object}.${field}`, false);
    for (const field of write as readonly string[])
      if (!outsidePermissionSets(object, field)) expected.set(`${object}.${field}`, true);
  }
  for (const [field, editable] of expected) {
    const grant = grants.fields.get(field);
    if (!grant?.readable) report(`does not grant read on ${field}, which the worker ${editable ? 'writes' : 'reads'}`);
    else if (editable && !grant.editable) report(`does not grant edit on ${field}, which the worker writes`);
    else if (!editable && grant.editable) report(`grants edit on ${field}, which the worker only reads`);
  }
  for (const field of grants.fields.keys()) {
    if (!expected.has(field)) report(`grants ${field}, which the worker neither reads nor writes (WORKER_FIELDS)`);
  }

  for (const object of workerObjects) {
    if (ACCESS_FOLLOWS_PARENT.has(object)) {
      if (grants.objects.has(object)) report(`grants access to ${object}, whose access follows its parent record`);
      continue;
    }
    const userPermission = ACCESS_BY_USER_PERMISSION[object];
    if (userPermission) {
      // checkProjectRules reports object permissions on Task; here the user permission the worker needs
      const writes = WORKER_FIELDS[object].write.length > 0;
      if (grants.userPermissions.has(userPermission) !== writes)
        report(
          writes
            ? `does not enable ${userPermission}, which the worker needs to create and edit ${object} records`
            : `enables ${userPermission}, but the worker only reads ${object}`
        );
      continue;
    }
    const granted = grants.objects.get(object);
    const writes = WORKER_FIELDS[object].write.length > 0;
    const custom = isCustomObject(project, object);
    if (!granted?.allowRead) {
      report(`does not grant read on ${object}`);
      continue;
    }
    if (granted.allowEdit !== writes)
      report(
        `${writes ? 'does not grant' : 'grants'} edit on ${object}, which the worker ${writes ? 'writes' : 'only reads'}`
      );
    if (granted.allowCreate !== (writes && custom))
      report(`${granted.allowCreate ? 'grants' : 'does not grant'} create on ${object}`);
    if (granted.viewAllRecords !== !custom)
      report(`${granted.viewAllRecords ? 'grants' : 'does not grant'} View All on ${object}`);
    if (granted.allowDelete || granted.modifyAllRecords)
      report(`grants delete or Modify All on ${object}; the worker never deletes`);
  }
  for (const object of grants.objects.keys()) {
    if (!(object in WORKER_FIELDS)) report(`grants access to ${object}, which the worker does not use`);
  }
  return problems;
}

/** Account managers read every Cairn field and never edit a sync-owned one. */
function accountManagerPermissionSetRules(project: Project): Problem[] {
  const permissionSet = project.permissionSets.get(ACCOUNT_MANAGER_PERMISSION_SET);
  if (!permissionSet) return [missingPermissionSet(ACCOUNT_MANAGER_PERMISSION_SET)];
  if (!permissionSet.element) return [];
  const problems: Problem[] = [];
  const report = (message: string) => problems.push({ file: permissionSet.file, message });
  const grants = grantsOf(permissionSet.element);
  const syncOwned = syncOwnedFields(project);

  for (const object of project.objects.values()) {
    for (const field of object.fields.keys()) {
      const qualified = permissionSetFieldName(object.name, field);
      const grant = grants.fields.get(qualified);
      if (!hasFieldSecurity(project, object.name, field)) continue;
      if (!grant?.readable) report(`does not grant read on ${qualified}`);
      if (grant?.editable && syncOwned.get(object.name)?.has(field))
        report(`grants edit on ${qualified}, which only the sync worker writes`);
    }
  }
  for (const [object, fields] of syncOwned) {
    const granted = grants.objects.get(object);
    const wholeObject = fields.size > 0 && fields.size === project.objects.get(object)?.fields.size;
    if (wholeObject && granted && (granted.allowCreate || granted.allowEdit || granted.allowDelete))
      report(`grants create, edit or delete on ${object}, whose records only the sync worker writes`);
  }
  return problems;
}

/** The handoff fields (DESIGN §2): Cairn's Opportunity fields that neither the worker owns nor a formula computes. */
function handoffFields(project: Project): Set<string> {
  const syncOwned = syncOwnedFields(project).get('Opportunity') ?? new Set();
  return new Set(
    [...(project.objects.get('Opportunity')?.fields.keys() ?? [])].filter(
      (field) => !syncOwned.has(field) && !isFormula(customField(project, 'Opportunity', field))
    )
  );
}

/** Sales reps read every Cairn field, edit exactly the handoff fields, and change no record but the opportunity. */
function salesHandoffPermissionSetRules(project: Project): Problem[] {
  const permissionSet = project.permissionSets.get(SALES_HANDOFF_PERMISSION_SET);
  if (!permissionSet) return [missingPermissionSet(SALES_HANDOFF_PERMISSION_SET)];
  if (!permissionSet.element) return [];
  const problems: Problem[] = [];
  const report = (message: string) => problems.push({ file: permissionSet.file, message });
  const grants = grantsOf(permissionSet.element);
  const handoff = handoffFields(project);
  for (const object of project.objects.values()) {
    for (const field of object.fields.keys()) {
      if (!hasFieldSecurity(project, object.name, field)) continue;
      const qualified = permissionSetFieldName(object.name, field);
      const grant = grants.fields.get(qualified);
      const isHandoff = object.name === 'Opportunity' && handoff.has(field);
      if (!grant?.readable) report(`does not grant read on ${qualified}`);
      else if (isHandoff && !grant.editable) report(`does not grant edit on ${qualified}, a handoff field`);
      else if (!isHandoff && grant.editable) report(`grants edit on ${qualified}, which is not a handoff field`);
    }
  }
  for (const [object, granted] of grants.objects) {
    if (granted.allowCreate || granted.allowDelete || granted.modifyAllRecords || granted.viewAllRecords)
      report(`grants create, delete, View All or Modify All on ${object}; sales reps only fill in the handoff`);
    if (granted.allowEdit && object !== 'Opportunity')
      report(`grants edit on ${object}; sales reps edit only opportunities`);
  }
  return problems;
}

export function accessRules(project: Project): Problem[] {
  return [
    ...workerFieldRules(project),
    ...integrationPermissionSetRules(project),
    ...accountManagerPermissionSetRules(project),
    ...salesHandoffPermissionSetRules(project)
  ];
}
