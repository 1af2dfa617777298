// Offline checks of the Salesforce metadata in force-app, run by `npm test` (test/metadata).
// Each takes the path of a package directory (force-app) and returns the problems it found,
// each naming the file (relative to the directory holding force-app) and what is wrong:
//
// - checkXml: every XML file is well-formed and uses only the elements, and the enumeration
//   values, the Metadata API defines for its type (metadata-api.ts);
// - checkProjectRules: Cairn's own rules (label, description and help text everywhere,
//   restricted picklists with values, named relationships, every field a permission set,
//   list view, report type or report names exists; activity fields only with what activities
//   allow, Task access by user permission, never object permissions) and the worker's field list
//   (worker/salesforce/fields.ts) against force-app and the two permission sets
//   (access-rules.ts); Case.Product_Feature__c against config/features.json (feature-rules.ts);
//   Lightning pages against their components' declared targets and
//   properties (page-rules.ts); texts within the org's length limits;
// - checkSourceResolution: @salesforce/source-deploy-retrieve resolves every file into a
//   component (each defined once, in a file of its type) and builds package.xml, as
//   `sf project deploy start` would.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ComponentSet, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { accessRules } from './access-rules.js';
import { featurePicklistRules } from './feature-rules.js';
import {
  childRelationship,
  customField,
  fieldExists,
  fieldType,
  hasFieldSecurity,
  isCustomObject,
  isFormula,
  loadProject,
  objectExists,
  picklistValues,
  tryParse,
  xmlFiles,
  type FieldInfo,
  type Located,
  type Project
} from './force-app-model.js';
import { metadataApi, type ValueKind } from './metadata-api.js';
import { lightningPageRules } from './page-rules.js';
import {
  ACTIVITY,
  ACTIVITY_OBJECTS,
  CUSTOM_OBJECT_LIST_VIEW_COLUMNS,
  STANDARD_OBJECTS,
  STANDARD_TABS
} from './standard-schema.js';
import { child, childrenNamed, parseXml, textOf, textsOf, XmlSyntaxError, type XmlElement } from './xml.js';

export interface Problem {
  /** path relative to the directory that holds the package directory, e.g. force-app/main/default/... */
  file: string;
  message: string;
}

const NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';
/** Elements whose content the Metadata API carries as an opaque string; source format embeds XML there. */
const OPAQUE_ELEMENTS = new Set(['LightningComponentBundle.targetConfigs']);
/** Salesforce's limits on the texts of each kind of metadata, in characters (an org refuses longer ones). */
const TEXT_LIMITS = { label: 40, description: 1000, inlineHelpText: 510 };
const PERMISSION_SET_TEXT_LIMITS = { label: 80, description: 255 };
const LIST_VIEW_TEXT_LIMITS = { label: 40 };
const REPORT_TEXT_LIMITS = { name: 40, description: 255 };
/**
 * What Salesforce does not offer on activity custom fields (Setup → Activity Custom Fields has
 * no Unique option, nor these types); a real org refuses such a field. External ID it allows.
 */
const ACTIVITY_FIELD_ATTRIBUTES_REFUSED = ['unique', 'caseSensitive'] as const;
const ACTIVITY_FIELD_TYPES_REFUSED: ReadonlySet<string> = new Set(['LongTextArea', 'Html', 'MasterDetail', 'Summary']);
/** The picklists DESIGN leaves unrestricted: their values follow configuration (config/features.json). */
const UNRESTRICTED_PICKLISTS: ReadonlySet<string> = new Set(['Case.Product_Feature__c']);

// ---------------------------------------------------------------------------------------------
// checkXml

export function checkXml(root: string): Problem[] {
  const api = metadataApi();
  const problems: Problem[] = [];
  for (const source of xmlFiles(root)) {
    const report = (message: string) => problems.push({ file: source.file, message });
    let element: XmlElement;
    try {
      element = parseXml(source.text);
    } catch (error) {
      if (!(error instanceof XmlSyntaxError)) throw error;
      report(`not well-formed XML, line ${error.line}: ${error.message}`);
      continue;
    }
    if (!api.isMetadataType(element.name)) {
      report(`root element <${element.name}> is not a Metadata API type`);
      continue;
    }
    if (element.attributes.xmlns !== NAMESPACE) report(`<${element.name}> must declare xmlns="${NAMESPACE}"`);
    checkElements(element, element.name, element.name, report);
  }
  return problems;
}

function checkElements(element: XmlElement, typeName: string, where: string, report: (message: string) => void): void {
  const allowed = metadataApi().elementsOf(typeName) ?? new Map<string, ValueKind>();
  for (const found of element.children) {
    const at = `${where} > ${found.name}`;
    const kind = allowed.get(found.name);
    if (!kind) {
      report(`unknown element <${found.name}> in ${where}: the Metadata API type ${typeName} has no such element`);
    } else if (OPAQUE_ELEMENTS.has(`${typeName}.${found.name}`)) {
      continue;
    } else if (kind.kind === 'complex') {
      if (found.text) report(`${at} holds text "${found.text}", but ${kind.name} holds elements`);
      checkElements(found, kind.name, at, report);
    } else if (found.children.length > 0) {
      report(`${at} must hold a value, not elements`);
    } else {
      const problem = valueProblem(kind, found.text);
      if (problem) report(`${at}: ${problem}`);
    }
  }
}

function valueProblem(kind: ValueKind, text: string): string | undefined {
  switch (kind.kind) {
    case 'boolean':
      return text === 'true' || text === 'false' ? undefined : `"${text}" is not true or false`;
    case 'number':
      return text !== '' && Number.isFinite(Number(text)) ? undefined : `"${text}" is not a number`;
    case 'enum': {
      if (kind.values.has(text)) return undefined;
      const values = [...kind.values];
      const shown = values.length > 12 ? [...values.slice(0, 12), '...'] : values;
      return `"${text}" is not a ${kind.name} value (${shown.join(', ')})`;
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// checkProjectRules

export function checkProjectRules(root: string): Problem[] {
  const project = loadProject(root);
  return [
    ...objectRules(project),
    ...fieldRules(project),
    ...permissionSetRules(project),
    ...listViewRules(project),
    ...reportRules(project),
    ...tabAndAppRules(project),
    ...layoutRules(project),
    ...lightningPageRules(project),
    ...accessRules(project),
    ...featurePicklistRules(project, root)
  ];
}

/** Problems with the named texts: missing, or longer than Salesforce allows for a field or an object. */
function requireTexts(
  element: XmlElement,
  names: readonly string[],
  limits: Partial<Record<string, number>> = {}
): string[] {
  const messages: string[] = [];
  for (const name of names) {
    const text = textOf(element, name);
    const limit = limits[name];
    if (!text) messages.push(`has no <${name}>`);
    else if (limit !== undefined && text.length > limit)
      messages.push(`<${name}> is ${text.length} characters; Salesforce allows ${limit}`);
  }
  return messages;
}

function objectRules(project: Project): Problem[] {
  const problems: Problem[] = [];
  for (const object of project.objects.values()) {
    const definition = object.definition;
    if (!definition) {
      if (object.name.endsWith('__c')) {
        const file = [...object.fields.values()][0]?.file ?? object.name;
        problems.push({ file, message: `custom object ${object.name} has no ${object.name}.object-meta.xml` });
      }
      continue;
    }
    const element = definition.element;
    if (!element) continue;
    const report = (message: string) => problems.push({ file: definition.file, message });
    for (const message of requireTexts(element, ['label', 'pluralLabel', 'description'], TEXT_LIMITS)) report(message);
    const nameField = child(element, 'nameField');
    if (!nameField || !textOf(nameField, 'label') || !textOf(nameField, 'type'))
      report('has no <nameField> with a label and a type');
    const isDetail = [...object.fields.values()].some((field) => fieldType(field) === 'MasterDetail');
    if (isDetail && textOf(element, 'sharingModel') !== 'ControlledByParent')
      report('has a master-detail field, so its <sharingModel> must be ControlledByParent');
  }
  return problems;
}

function fieldRules(project: Project): Problem[] {
  const problems: Problem[] = [];
  for (const object of project.objects.values()) {
    const historyEnabled = object.definition?.element
      ? textOf(object.definition.element, 'enableHistory') === 'true'
      : true; // a standard object: Salesforce decides
    for (const field of object.fields.values()) {
      const element = field.element;
      if (!element) continue;
      const report = (message: string) => problems.push({ file: field.file, message });
      const fullName = textOf(element, 'fullName');
      if (fullName !== undefined && fullName !== field.name)
        report(`<fullName> ${fullName} differs from the file name ${field.name}`);
      for (const message of requireTexts(element, ['label', 'description', 'inlineHelpText'], TEXT_LIMITS))
        report(message);
      const type = fieldType(field);
      if (type === 'Picklist') {
        const restricted = textOf(child(element, 'valueSet') ?? element, 'restricted') === 'true';
        if (UNRESTRICTED_PICKLISTS.has(`${object.name}.${field.name}`)) {
          if (restricted)
            report('is restricted, but DESIGN §9.1 makes it unrestricted: support may name a feature not listed yet');
        } else if (!restricted)
          report('is a picklist without <valueSet><restricted>true</restricted>: Cairn picklists are restricted');
        if (picklistValues(field).length === 0) report('is a picklist with no values in <valueSetDefinition>');
      }
      if (type === 'MasterDetail' || type === 'Lookup') {
        const target = textOf(element, 'referenceTo');
        if (!target || !objectExists(project, target))
          report(`<referenceTo> ${target ?? '(none)'} is not a known object`);
        if (!textOf(element, 'relationshipName')) report(`is a ${type} field without a <relationshipName>`);
        if (type === 'Lookup' && !textOf(element, 'deleteConstraint'))
          report('is a lookup without a <deleteConstraint>');
      }
      if (object.name === ACTIVITY) for (const message of activityFieldProblems(element)) report(message);
      if (textOf(element, 'trackHistory') === 'true' && !historyEnabled)
        report(`tracks history, but ${object.name} does not enable history (<enableHistory>true</enableHistory>)`);
    }
  }
  return problems;
}

function activityFieldProblems(element: XmlElement): string[] {
  const messages = ACTIVITY_FIELD_ATTRIBUTES_REFUSED.filter((name) => textOf(element, name) === 'true').map(
    (name) => `sets <${name}>true</${name}>, which Salesforce does not allow on an activity custom field; set it false`
  );
  const type = textOf(element, 'type') ?? '';
  if (ACTIVITY_FIELD_TYPES_REFUSED.has(type))
    messages.push(`is of type ${type}, which Salesforce does not offer for activity custom fields`);
  return messages;
}

function permissionSetRules(project: Project): Problem[] {
  const problems: Problem[] = [];
  for (const permissionSet of project.permissionSets.values()) {
    const element = permissionSet.element;
    if (!element) continue;
    const report = (message: string) => problems.push({ file: permissionSet.file, message });
    for (const message of requireTexts(element, ['label', 'description'], PERMISSION_SET_TEXT_LIMITS)) report(message);
    for (const grant of childrenNamed(element, 'fieldPermissions')) {
      const qualified = textOf(grant, 'field') ?? '';
      const [object = '', field = ''] = qualified.split('.');
      if (object === ACTIVITY) {
        report(`grants ${qualified}: Salesforce names activity field permissions by Task or Event (Task.${field})`);
        continue;
      }
      if (!fieldExists(project, object, field)) {
        report(`grants access to ${qualified}, which is not a field in force-app nor a known standard field`);
        continue;
      }
      if (!hasFieldSecurity(project, object, field))
        report(`names ${qualified}, which has no field-level security (master-detail, required or system field)`);
      const editable = textOf(grant, 'editable') === 'true';
      if (editable && textOf(grant, 'readable') !== 'true') report(`makes ${qualified} editable but not readable`);
      if (editable && isFormula(customField(project, object, field)))
        report(`makes the formula field ${qualified} editable`);
    }
    for (const object of childrenNamed(element, 'objectPermissions').map((grant) => textOf(grant, 'object') ?? '')) {
      if (ACTIVITY_OBJECTS.includes(object))
        report(
          `grants object permissions on ${object}, which Salesforce does not have: activity access comes from the Edit Tasks / Edit Events user permissions (EditTask, EditEvent) and the related record's sharing`
        );
      else if (!objectExists(project, object))
        report(`grants access to object ${object}, which is not in force-app nor a known standard object`);
    }
    for (const tab of childrenNamed(element, 'tabSettings').map((setting) => textOf(setting, 'tab') ?? '')) {
      if (!project.tabs.has(tab) && !STANDARD_TABS.includes(tab)) report(`sets tab ${tab}, which is not in force-app`);
    }
    for (const app of childrenNamed(element, 'applicationVisibilities').map(
      (visibility) => textOf(visibility, 'application') ?? ''
    )) {
      if (!project.apps.has(app)) report(`shows application ${app}, which is not in force-app`);
    }
  }
  return problems;
}

/** A problem when a filter compares a picklist field with a value it does not have. */
function picklistFilterProblem(field: FieldInfo | undefined, value: string | undefined): string | undefined {
  if (!field || fieldType(field) !== 'Picklist' || !value) return undefined;
  const values = picklistValues(field);
  const unknown = value.split(',').filter((part) => !values.includes(part));
  return unknown.length > 0
    ? `filters ${field.object}.${field.name} on "${unknown.join('", "')}", which is not one of its values (${values.join(', ')})`
    : undefined;
}

function listViewRules(project: Project): Problem[] {
  const problems: Problem[] = [];
  for (const listView of project.listViews) {
    const element = listView.element;
    if (!element) continue;
    const report = (message: string) => problems.push({ file: listView.file, message });
    for (const message of requireTexts(element, ['label'], LIST_VIEW_TEXT_LIMITS)) report(message);
    const standardColumns = STANDARD_OBJECTS[listView.object]?.listViewColumns ?? CUSTOM_OBJECT_LIST_VIEW_COLUMNS;
    const known = (token: string) =>
      token.endsWith('__c')
        ? customField(project, listView.object, token) !== undefined
        : standardColumns.includes(token);
    for (const column of textsOf(element, 'columns')) {
      if (!known(column)) report(`shows column ${column}, which is not a field of ${listView.object}`);
    }
    for (const filter of childrenNamed(element, 'filters')) {
      const field = textOf(filter, 'field') ?? '';
      if (!known(field)) report(`filters on ${field}, which is not a field of ${listView.object}`);
      const problem = picklistFilterProblem(customField(project, listView.object, field), textOf(filter, 'value'));
      if (problem) report(problem);
    }
  }
  return problems;
}

/**
 * A custom report type's tables (`Opportunity`, `Opportunity.Business_Reviews__r`) and the
 * columns its layout offers as `<table>$<field>`, the names reports use.
 */
function reportTypeColumns(
  project: Project,
  reportType: Located,
  report: (message: string) => void
): Map<string, FieldInfo | undefined> {
  const columns = new Map<string, FieldInfo | undefined>();
  const element = reportType.element;
  if (!element) return columns;
  const baseObject = textOf(element, 'baseObject') ?? '';
  if (!objectExists(project, baseObject)) report(`has base object ${baseObject}, which is not a known object`);
  const tables = new Map([[baseObject, baseObject]]);
  let join = child(element, 'join');
  let table = baseObject;
  while (join) {
    const relationship = textOf(join, 'relationship') ?? '';
    const detail = childRelationship(project, tables.get(table)!, relationship);
    if (!detail) {
      report(
        `joins ${table} to ${relationship}, which is not a child relationship of ${tables.get(table)} in force-app`
      );
      break;
    }
    table = `${table}.${relationship}`;
    tables.set(table, detail);
    join = child(join, 'join');
  }
  for (const section of childrenNamed(element, 'sections')) {
    for (const column of childrenNamed(section, 'columns')) {
      const columnTable = textOf(column, 'table') ?? '';
      const field = textOf(column, 'field') ?? '';
      const object = tables.get(columnTable);
      if (!object) report(`lists a column of table ${columnTable}, which this report type does not join`);
      else if (!fieldExists(project, object, field))
        report(`lists ${columnTable}.${field}, which is not a field of ${object}`);
      else columns.set(`${columnTable}$${field}`, customField(project, object, field));
    }
  }
  return columns;
}

function reportRules(project: Project): Problem[] {
  const problems: Problem[] = [];
  const layouts = new Map<string, Map<string, FieldInfo | undefined>>();
  for (const reportType of project.reportTypes.values()) {
    const report = (message: string) => problems.push({ file: reportType.file, message });
    if (reportType.element)
      for (const message of requireTexts(reportType.element, ['label', 'description'])) report(message);
    layouts.set(`${reportType.name}__c`, reportTypeColumns(project, reportType, report));
  }
  for (const found of project.reports) {
    const element = found.element;
    if (!element) continue;
    const report = (message: string) => problems.push({ file: found.file, message });
    for (const message of requireTexts(element, ['name', 'description'], REPORT_TEXT_LIMITS)) report(message);
    const reportType = textOf(element, 'reportType') ?? '';
    const columns = layouts.get(reportType);
    if (!columns) {
      report(`uses report type ${reportType}, which is not a custom report type in force-app`);
      continue;
    }
    const check = (column: string | undefined, role: string) => {
      if (column !== undefined && !columns.has(column))
        report(`${role} ${column}, which report type ${reportType} does not offer`);
    };
    for (const column of childrenNamed(element, 'columns')) check(textOf(column, 'field'), 'shows column');
    for (const grouping of [...childrenNamed(element, 'groupingsDown'), ...childrenNamed(element, 'groupingsAcross')])
      check(textOf(grouping, 'field'), 'groups by');
    check(textOf(element, 'sortColumn'), 'sorts by');
    const timeFrame = child(element, 'timeFrameFilter');
    if (timeFrame) check(textOf(timeFrame, 'dateColumn'), 'filters dates on');
    for (const criterion of childrenNamed(child(element, 'filter') ?? element, 'criteriaItems')) {
      const column = textOf(criterion, 'column');
      check(column, 'filters on');
      const problem = picklistFilterProblem(columns.get(column ?? ''), textOf(criterion, 'value'));
      if (problem) report(problem);
    }
  }
  return problems;
}

function tabAndAppRules(project: Project): Problem[] {
  const problems: Problem[] = [];
  for (const tab of project.tabs.values()) {
    if (tab.element && textOf(tab.element, 'customObject') === 'true' && !isCustomObject(project, tab.name))
      problems.push({ file: tab.file, message: `is the tab of custom object ${tab.name}, which is not in force-app` });
  }
  for (const app of project.apps.values()) {
    if (!app.element) continue;
    for (const message of requireTexts(app.element, ['label', 'description']))
      problems.push({ file: app.file, message });
    for (const tab of textsOf(app.element, 'tabs')) {
      if (!project.tabs.has(tab) && !STANDARD_TABS.includes(tab))
        problems.push({
          file: app.file,
          message: `lists tab ${tab}, which is not in force-app nor a known standard tab`
        });
    }
  }
  return problems;
}

/**
 * Page layouts: each names fields of its object, a field that must always have a value
 * (the name, a master-detail) is Required, and an external key is Readonly (the worker sets it).
 */
function layoutRules(project: Project): Problem[] {
  const problems: Problem[] = [];
  for (const layout of project.layouts) {
    if (!layout.element) continue;
    const report = (message: string) => problems.push({ file: layout.file, message });
    const object = layout.name.split('-')[0] ?? '';
    if (!objectExists(project, object)) {
      report(`is a layout of ${object}, which is not an object in force-app nor a known standard object`);
      continue;
    }
    const items = childrenNamed(layout.element, 'layoutSections').flatMap((section) =>
      childrenNamed(section, 'layoutColumns').flatMap((column) => childrenNamed(column, 'layoutItems'))
    );
    for (const item of items) {
      const field = textOf(item, 'field');
      if (!field) continue;
      const behavior = textOf(item, 'behavior');
      if (!fieldExists(project, object, field)) {
        report(`places ${field}, which is not a field of ${object}`);
        continue;
      }
      const definition = customField(project, object, field);
      const mustHaveValue = field === 'Name' || fieldType(definition) === 'MasterDetail';
      if (mustHaveValue && behavior !== 'Required') report(`places ${field} as ${behavior}; it must be Required`);
      if (definition?.element && textOf(definition.element, 'externalId') === 'true' && behavior !== 'Readonly')
        report(`places the external key ${field} as ${behavior}; the sync worker sets it, so it must be Readonly`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// checkSourceResolution

export async function checkSourceResolution(root: string): Promise<Problem[]> {
  const files = xmlFiles(root);
  const display = (absolute: string) => files.find((file) => file.path === path.resolve(absolute))?.file ?? absolute;
  let components: SourceComponent[];
  try {
    const set = ComponentSet.fromSource(path.resolve(root));
    await set.getPackageXml();
    components = set.getSourceComponents().toArray();
  } catch (error) {
    // SDR names the file it could not resolve at the start of its message.
    const message = (error as Error).message;
    const failing = files.find((file) => message.includes(file.path));
    return [
      {
        file: failing?.file ?? root,
        message: `source-deploy-retrieve cannot resolve it: ${failing ? message.replace(`${failing.path}: `, '') : message}`
      }
    ];
  }

  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const component of components.flatMap((found) => [found, ...found.getChildren()])) {
    if (!component.xml) continue;
    const sharesParentFile = component.parent?.xml === component.xml;
    const file = display(component.xml);
    const identity = `${component.type.name} ${component.fullName}`;
    const first = seen.get(identity);
    if (first) problems.push({ file, message: `defines ${identity} again (first in ${first})` });
    else seen.set(identity, file);
    // A child held in its parent's file (a sharing rule in <SharingRules>) has the parent's root.
    const rootElement = sharesParentFile ? undefined : tryParse(readFileSync(component.xml, 'utf8'))?.name;
    if (rootElement && rootElement !== component.type.name)
      problems.push({ file, message: `is a ${component.type.name} file, but its root element is <${rootElement}>` });
  }
  return problems;
}
