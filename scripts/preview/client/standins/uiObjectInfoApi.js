// STAND-IN for `lightning/uiObjectInfoApi`, preview only: getObjectInfo and
// getPicklistValues in the User Interface API's shapes, read from the org's sObject describe
// (the local org has no `ui-api/object-info` resources) through the preview server.
import { OrgResourceWireAdapter, objectName } from './ldsClient.js';

/** Salesforce's id for "no record type" (the master record type) */
const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

function defaultRecordTypeId(describe) {
  const mapping = (describe.recordTypeInfos ?? []).find((info) => info.defaultRecordTypeMapping);
  return mapping?.recordTypeId ?? MASTER_RECORD_TYPE_ID;
}

export class getObjectInfo extends OrgResourceWireAdapter {
  resourceFor({ objectApiName }) {
    const name = objectName(objectApiName);
    return name ? `describe/${encodeURIComponent(name)}` : null;
  }

  shape(describe) {
    const fields = {};
    describe.fields.forEach((field) => {
      fields[field.name] = {
        apiName: field.name,
        label: field.label,
        dataType: field.type,
        required: !field.nillable && field.createable,
        updateable: field.updateable,
        createable: field.createable
      };
    });
    return {
      apiName: describe.name,
      label: describe.label,
      labelPlural: describe.labelPlural,
      keyPrefix: describe.keyPrefix,
      custom: describe.custom,
      createable: describe.createable,
      updateable: describe.updateable,
      deletable: describe.deletable,
      defaultRecordTypeId: defaultRecordTypeId(describe),
      fields
    };
  }
}

export class getPicklistValues extends OrgResourceWireAdapter {
  resourceFor({ recordTypeId, fieldApiName }) {
    if (!recordTypeId || !fieldApiName?.fieldApiName) return null;
    return `describe/${encodeURIComponent(fieldApiName.objectApiName)}`;
  }

  shape(describe, { fieldApiName }) {
    const field = describe.fields.find((f) => f.name === fieldApiName.fieldApiName);
    const active = (field?.picklistValues ?? []).filter((value) => value.active);
    const byDefault = active.find((value) => value.defaultValue);
    return {
      controllerValues: {},
      defaultValue: byDefault
        ? { attributes: null, label: byDefault.label, validFor: [], value: byDefault.value }
        : null,
      values: active.map((value) => ({ attributes: null, label: value.label, validFor: [], value: value.value }))
    };
  }
}
