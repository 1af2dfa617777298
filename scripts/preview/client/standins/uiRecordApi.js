// STAND-IN for `lightning/uiRecordApi`, preview only: the subset the Cairn components use,
// backed by the local org's User Interface API through the preview server.
import { OrgResourceWireAdapter, fieldName, orgApi, query, refreshLiveWires } from './ldsClient.js';

export class getRecord extends OrgResourceWireAdapter {
  resourceFor({ recordId, fields, optionalFields }) {
    if (!recordId || (!fields && !optionalFields)) return null;
    return `ui-api/records/${encodeURIComponent(recordId)}${query({
      fields: fields?.map(fieldName),
      optionalFields: optionalFields?.map(fieldName)
    })}`;
  }
}

/** Walks `Object.A__r.B__c` through the record's `fields`, as the platform's getFieldValue does. */
function walk(record, field, last) {
  const [, ...path] = fieldName(field).split('.');
  let current = record;
  for (let i = 0; i < path.length; i++) {
    const entry = current?.fields?.[path[i]];
    if (entry === undefined) return undefined;
    if (i === path.length - 1) return last(entry);
    current = entry.value;
  }
  return undefined;
}

export function getFieldValue(record, field) {
  return walk(record, field, (entry) => entry.value);
}

export function getFieldDisplayValue(record, field) {
  return walk(record, field, (entry) => entry.displayValue);
}

export async function updateRecord({ fields }) {
  const { Id, ...changes } = fields;
  const record = await orgApi('PATCH', `ui-api/records/${encodeURIComponent(Id)}`, { fields: changes });
  await refreshLiveWires();
  return record;
}

export async function createRecord({ apiName, fields }) {
  const record = await orgApi('POST', 'ui-api/records', { apiName, fields });
  await refreshLiveWires();
  return record;
}

export async function notifyRecordUpdateAvailable() {
  await refreshLiveWires();
}
