// Reads custom objects and fields from force-app's source format
// (objects/<Object>/<Object>.object-meta.xml, objects/<Object>/fields/<Field>.field-meta.xml,
// globalValueSets/<Name>.globalValueSet-meta.xml) into the local org's schema.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { makeField, SObjectDef, type FieldDef, type PicklistValue, type Schema } from './model.js';
import { customObjectStandardFields } from './standard-objects.js';

type Xml = Record<string, unknown>;

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

function readXml(path: string, root: string): Xml {
  const doc = parser.parse(readFileSync(path, 'utf8')) as Xml;
  const node = doc[root];
  if (!node || typeof node !== 'object') throw new Error(`${path}: expected a <${root}> document`);
  return node as Xml;
}

const list = (v: unknown): Xml[] =>
  v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? (v as Xml[]) : [v as Xml];
const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const bool = (v: unknown): boolean => String(v) === 'true';
const num = (v: unknown, fallback: number): number => (v === undefined || v === '' ? fallback : Number(v));

/** Key prefixes for custom objects: derived from the name, so they stay put when objects are added. */
function customKeyPrefix(name: string, used: Set<string>): string {
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let hash = 2166136261;
  for (const c of name) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0;
  for (let i = 0; i < 62 * 62; i++) {
    const n = (hash + i) % (62 * 62);
    const prefix = 'a' + chars.charAt(Math.floor(n / 62)) + chars.charAt(n % 62);
    if (!used.has(prefix)) return prefix;
  }
  throw new Error('no key prefix left');
}

function picklistFromValueSet(valueSet: Xml | undefined, globalSets: Map<string, PicklistValue[]>, where: string) {
  if (!valueSet) return { values: [] as PicklistValue[], restricted: false };
  const globalName = str(valueSet.valueSetName);
  if (globalName) {
    const values = globalSets.get(globalName);
    if (!values)
      throw new Error(`${where}: global value set ${globalName} not found in force-app/main/default/globalValueSets`);
    return { values, restricted: true };
  }
  const definition = valueSet.valueSetDefinition as Xml | undefined;
  const values = list(definition?.value).map((v) => ({
    value: String(v.fullName),
    label: str(v.label) ?? String(v.fullName),
    default: bool(v.default),
    active: v.isActive === undefined ? true : bool(v.isActive)
  }));
  return { values, restricted: bool(valueSet.restricted) };
}

/** One `<CustomField>` as the local org's field. */
export function parseCustomField(xml: Xml, globalSets: Map<string, PicklistValue[]>, where: string): FieldDef {
  const field = parseFieldType(xml, globalSets, where);
  if (xml.formula === undefined && String(xml.type) !== 'Summary') return field;
  const formula =
    field.type === 'boolean' && xml.formula !== undefined ? isCurrentUserFormula(String(xml.formula)) : null;
  return {
    ...field,
    calculated: true,
    createable: false,
    updateable: false,
    required: false,
    nillable: field.type !== 'boolean',
    defaultedOnCreate: false,
    formula,
    unsupported: formula
      ? null
      : `${xml.formula === undefined ? 'roll-up summary' : 'formula'} fields are not computed by the local org (only \`Field__c = $User.Id\` is)`
  };
}

/** `CS_Owner__c = $User.Id` (either way round): true when the field holds the reading user's id. */
function isCurrentUserFormula(formula: string): FieldDef['formula'] {
  const m = /^\s*(?:([A-Za-z][A-Za-z0-9_]*)\s*=\s*\$User\.Id|\$User\.Id\s*=\s*([A-Za-z][A-Za-z0-9_]*))\s*$/.exec(
    formula
  );
  const name = m?.[1] ?? m?.[2];
  if (!name) return null;
  return (record, userId) => record[name] === userId;
}

function parseFieldType(xml: Xml, globalSets: Map<string, PicklistValue[]>, where: string): FieldDef {
  const name = str(xml.fullName);
  if (!name) throw new Error(`${where}: <fullName> missing`);
  const label = str(xml.label) ?? name;
  const xmlType = str(xml.type);
  const required = bool(xml.required);
  const common = {
    name,
    label,
    custom: true,
    inlineHelpText: str(xml.inlineHelpText),
    unique: bool(xml.unique),
    externalId: bool(xml.externalId),
    caseSensitive: bool(xml.caseSensitive),
    nillable: !required,
    required
  };
  switch (xmlType) {
    case 'Text':
      return makeField({ ...common, type: 'string', length: num(xml.length, 255) });
    case 'TextArea':
      return makeField({ ...common, type: 'textarea', length: 255 });
    case 'LongTextArea':
      return makeField({ ...common, type: 'textarea', length: num(xml.length, 32768) });
    case 'Html':
      return makeField({ ...common, type: 'textarea', length: num(xml.length, 32768), htmlFormatted: true });
    case 'Email':
      return makeField({ ...common, type: 'email', length: 80 });
    case 'Phone':
      return makeField({ ...common, type: 'phone', length: 40 });
    case 'Url':
      return makeField({ ...common, type: 'url', length: 255 });
    case 'Number':
      return makeField({ ...common, type: 'double', precision: num(xml.precision, 18), scale: num(xml.scale, 0) });
    case 'Currency':
      return makeField({ ...common, type: 'currency', precision: num(xml.precision, 18), scale: num(xml.scale, 2) });
    case 'Percent':
      return makeField({ ...common, type: 'percent', precision: num(xml.precision, 3), scale: num(xml.scale, 0) });
    case 'Checkbox':
      return makeField({
        ...common,
        type: 'boolean',
        nillable: false,
        required: false,
        defaultValue: bool(xml.defaultValue),
        defaultedOnCreate: true
      });
    case 'Date':
      return makeField({ ...common, type: 'date' });
    case 'DateTime':
      return makeField({ ...common, type: 'datetime' });
    case 'Picklist':
    case 'MultiselectPicklist': {
      const { values, restricted } = picklistFromValueSet(xml.valueSet as Xml | undefined, globalSets, where);
      const defaultValue = values.find((v) => v.default)?.value ?? null;
      return makeField({
        ...common,
        type: xmlType === 'Picklist' ? 'picklist' : 'multipicklist',
        length: xmlType === 'Picklist' ? 255 : 4099,
        picklistValues: values,
        restrictedPicklist: restricted,
        defaultValue,
        defaultedOnCreate: defaultValue !== null
      });
    }
    case 'Lookup':
    case 'MasterDetail': {
      const referenceTo = str(xml.referenceTo);
      if (!referenceTo) throw new Error(`${where}: <referenceTo> missing`);
      const childName = str(xml.relationshipName);
      const master = xmlType === 'MasterDetail';
      return makeField({
        ...common,
        type: 'reference',
        length: 18,
        referenceTo: [referenceTo],
        relationshipName: name.replace(/__c$/, '__r'),
        childRelationshipName: childName ? `${childName}__r` : null,
        relationshipOrder: master ? num(xml.relationshipOrder, 0) : null,
        cascadeDelete: master,
        restrictedDelete: !master && str(xml.deleteConstraint) === 'Restrict',
        nillable: master ? false : common.nillable,
        required: master || required,
        updateable: master ? bool(xml.reparentableMasterDetail) : true
      });
    }
    case 'Summary':
      return makeField({ ...common, type: 'double', precision: 18, scale: 2 });
    case 'AutoNumber':
      return makeField({
        ...common,
        type: 'string',
        length: 30,
        autoNumber: true,
        autoNumberFormat: str(xml.displayFormat) ?? '{0}',
        createable: false,
        updateable: false,
        required: false,
        nillable: false,
        defaultedOnCreate: true
      });
    default:
      return makeField({
        ...common,
        type: 'string',
        createable: false,
        updateable: false,
        required: false,
        unsupported: `fields of type ${xmlType ?? '(none)'} are not supported by the local org`
      });
  }
}

function readGlobalValueSets(defaultDir: string): Map<string, PicklistValue[]> {
  const sets = new Map<string, PicklistValue[]>();
  const dir = join(defaultDir, 'globalValueSets');
  if (!existsSync(dir)) return sets;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.globalValueSet-meta.xml'))) {
    const xml = readXml(join(dir, file), 'GlobalValueSet');
    sets.set(
      file.replace('.globalValueSet-meta.xml', ''),
      list(xml.customValue).map((v) => ({
        value: String(v.fullName),
        label: str(v.label) ?? String(v.fullName),
        default: bool(v.default),
        active: v.isActive === undefined ? true : bool(v.isActive)
      }))
    );
  }
  return sets;
}

/** The objects Salesforce makes of Activity: force-app's `objects/Activity/fields` apply to each. */
const ACTIVITY_KINDS = ['Task', 'Event'] as const;

/**
 * Adds force-app's custom objects and fields to the schema. `defaultDir` is the package's
 * `main/default` folder. Missing folders are fine (the schema is then the standard one).
 */
export function loadForceApp(schema: Schema, defaultDir: string): string[] {
  const warnings: string[] = [];
  const objectsDir = join(defaultDir, 'objects');
  if (!existsSync(objectsDir)) return [`${objectsDir} not found: serving the standard objects only`];
  const globalSets = readGlobalValueSets(defaultDir);
  const folders = readdirSync(objectsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const used = schema.usedPrefixes();
  for (const objectName of folders) {
    const dir = join(objectsDir, objectName);
    const fieldsDir = join(dir, 'fields');
    const fields = existsSync(fieldsDir)
      ? readdirSync(fieldsDir)
          .filter((f) => f.endsWith('.field-meta.xml'))
          .sort()
          .map((f) => parseCustomField(readXml(join(fieldsDir, f), 'CustomField'), globalSets, join(fieldsDir, f)))
      : [];
    if (objectName === 'Activity') {
      // Activity's custom fields belong to both of its kinds, as in Salesforce
      for (const kind of ACTIVITY_KINDS) for (const field of fields) schema.object(kind)?.addField(field);
      continue;
    }
    let object = schema.object(objectName);
    if (!object) {
      if (!objectName.endsWith('__c')) {
        warnings.push(`${dir}: skipped, ${objectName} is a standard object the local org does not serve`);
        continue;
      }
      const metaPath = join(dir, `${objectName}.object-meta.xml`);
      if (!existsSync(metaPath)) throw new Error(`${metaPath} missing: a custom object needs its object-meta.xml`);
      const meta = readXml(metaPath, 'CustomObject');
      const label = str(meta.label) ?? objectName;
      const nameXml = (meta.nameField ?? {}) as Xml;
      const keyPrefix = customKeyPrefix(objectName, used);
      used.add(keyPrefix);
      object = new SObjectDef({
        name: objectName,
        label,
        labelPlural: str(meta.pluralLabel) ?? label,
        keyPrefix,
        custom: true
      });
      const isDetail = fields.some((f) => f.cascadeDelete);
      const autoNumberFormat = str(nameXml.type) === 'AutoNumber' ? (str(nameXml.displayFormat) ?? '{0}') : null;
      for (const f of customObjectStandardFields(
        label,
        { label: str(nameXml.label) ?? `${label} Name`, autoNumberFormat },
        isDetail
      )) {
        object.addField(f);
      }
      schema.add(object);
    }
    for (const field of fields) object.addField(field);
  }
  return warnings;
}
