// describeGlobal and describe results in the REST API's shape
// (REST API Developer Guide: "Describe Global", "sObject Describe").

import { NUMBER_TYPES, type FieldDef, type Schema, type SObjectDef } from './model.js';

const SOAP_TYPES: Record<FieldDef['type'], string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  combobox: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  boolean: 'xsd:boolean',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime'
};

function urls(object: SObjectDef, version: string) {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return {
    rowTemplate: `${base}/{ID}`,
    defaultValues: `${base}/defaultValues?recordTypeId&fields`,
    describe: `${base}/describe`,
    sobject: base
  };
}

function objectSummary(object: SObjectDef, version: string) {
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: object.createable,
    custom: object.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: object.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: object.keyPrefix,
    label: object.label,
    labelPlural: object.labelPlural,
    layoutable: true,
    mergeable: false,
    mruEnabled: true,
    name: object.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: object.custom || ['Account', 'Contact', 'Opportunity', 'Event', 'Task'].includes(object.name),
    undeletable: object.deletable,
    updateable: object.updateable,
    urls: urls(object, version)
  };
}

export function describeGlobal(schema: Schema, version: string) {
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: schema.objects.map((o) => objectSummary(o, version)) };
}

/** GET sobjects/<Type>: the object's summary and its recently viewed records (none here). */
export function basicInfo(object: SObjectDef, version: string) {
  return { objectDescribe: objectSummary(object, version), recentItems: [] };
}

function describeField(field: FieldDef) {
  const isText = field.length > 0 && field.type !== 'id' && field.type !== 'reference';
  return {
    aggregatable: field.filterable,
    aiPredictionField: false,
    autoNumber: field.autoNumber,
    byteLength: field.type === 'id' || field.type === 'reference' ? 18 : isText ? field.length * 3 : 0,
    calculated: field.calculated,
    calculatedFormula: null,
    cascadeDelete: field.cascadeDelete,
    caseSensitive: field.caseSensitive,
    compoundFieldName: null,
    controllerName: null,
    createable: field.createable,
    custom: field.custom,
    defaultValue: field.type === 'boolean' ? (field.defaultValue ?? false) : null,
    defaultValueFormula: null,
    defaultedOnCreate: field.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.type === 'int' ? field.digits : 0,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: field.externalId,
    extraTypeInfo:
      field.type === 'textarea'
        ? field.htmlFormatted
          ? 'richtextarea'
          : field.length > 255
            ? 'plaintextarea'
            : null
        : null,
    filterable: field.filterable,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: field.groupable,
    highScaleNumber: false,
    htmlFormatted: field.htmlFormatted,
    idLookup: field.idLookup,
    inlineHelpText: field.inlineHelpText,
    label: field.label,
    length: field.type === 'id' || field.type === 'reference' ? 18 : field.length,
    mask: null,
    maskType: null,
    name: field.name,
    nameField: field.nameField,
    namePointing: field.referenceTo.length > 1,
    nillable: field.nillable,
    permissionable: field.custom && field.nillable,
    picklistValues: field.picklistValues.map((v) => ({
      active: v.active,
      defaultValue: v.default,
      label: v.label,
      validFor: null,
      value: v.value
    })),
    polymorphicForeignKey: field.referenceTo.length > 1,
    precision: NUMBER_TYPES.has(field.type) && field.type !== 'int' ? field.precision : 0,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: field.referenceTo,
    relationshipName: field.relationshipName,
    relationshipOrder: field.relationshipOrder,
    restrictedDelete: field.restrictedDelete,
    restrictedPicklist: field.restrictedPicklist,
    scale: NUMBER_TYPES.has(field.type) && field.type !== 'int' ? field.scale : 0,
    searchPrefilterable: false,
    soapType: SOAP_TYPES[field.type],
    sortable: field.sortable,
    type: field.type,
    unique: field.unique,
    updateable: field.updateable,
    writeRequiresMasterRead: false
  };
}

export function describeObject(object: SObjectDef, version: string) {
  return {
    ...objectSummary(object, version),
    actionOverrides: [],
    childRelationships: object.childRelationships.map((r) => ({
      cascadeDelete: r.cascadeDelete,
      childSObject: r.childSObject,
      deprecatedAndHidden: false,
      field: r.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: r.relationshipName,
      restrictedDelete: r.restrictedDelete
    })),
    compactLayoutable: true,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: object.fields.filter((f) => !f.unsupported || f.calculated).map(describeField),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: { layout: `/services/data/v${version}/sobjects/${object.name}/describe/layouts/012000000000000AAA` }
      }
    ],
    searchLayoutable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [{ label: 'All records', name: 'everything' }],
    urls: {
      ...urls(object, version),
      compactLayouts: `/services/data/v${version}/sobjects/${object.name}/describe/compactLayouts`,
      layouts: `/services/data/v${version}/sobjects/${object.name}/describe/layouts`
    }
  };
}
