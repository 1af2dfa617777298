// What force-app defines, read from the source-format layout (objects/<Object>/fields/...,
// permissionsets/..., reports/<folder>/...), with the field questions the checks ask.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTIVITY, ACTIVITY_OBJECTS, CUSTOM_OBJECT_STANDARD_FIELDS, STANDARD_OBJECTS } from './standard-schema.js';
import { child, childrenNamed, parseXml, textOf, XmlSyntaxError, type XmlElement } from './xml.js';

export interface SourceFile {
  /** absolute path */
  path: string;
  /** path shown in problems */
  file: string;
  text: string;
}

/** Every XML file under the package directory, in path order. */
export function xmlFiles(root: string): SourceFile[] {
  const base = path.dirname(path.resolve(root));
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.xml'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
    .map((file) => ({
      path: path.resolve(file),
      file: path.relative(base, path.resolve(file)).split(path.sep).join('/'),
      text: readFileSync(file, 'utf8')
    }));
}

export function tryParse(text: string): XmlElement | undefined {
  try {
    return parseXml(text);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return undefined;
    throw error;
  }
}

export interface Located {
  name: string;
  file: string;
  /** undefined when the file is not well-formed (checkXml reports that) */
  element: XmlElement | undefined;
}

export interface FieldInfo extends Located {
  object: string;
}

export interface ObjectInfo {
  name: string;
  definition?: Located;
  fields: Map<string, FieldInfo>;
}

export interface ListViewInfo extends Located {
  object: string;
}

export interface Project {
  objects: Map<string, ObjectInfo>;
  listViews: ListViewInfo[];
  permissionSets: Map<string, Located>;
  tabs: Map<string, Located>;
  apps: Map<string, Located>;
  reportTypes: Map<string, Located>;
  reports: Located[];
  flexiPages: Map<string, Located>;
  /** Lightning web component bundles by name, from their js-meta.xml */
  bundles: Map<string, BundleInfo>;
  layouts: Located[];
}

export interface BundleInfo extends Located {
  /** the names the component's JavaScript marks `@api` */
  publicProperties: ReadonlySet<string>;
}

/** The `@api` names a component's JavaScript declares (fields, getters and setters). */
export function publicPropertiesOf(javascript: string): Set<string> {
  return new Set([...javascript.matchAll(/@api\s+(?:get\s+|set\s+)?([A-Za-z_$][\w$]*)/g)].map((match) => match[1]!));
}

function readBundleJavaScript(metaFile: string): string {
  try {
    return readFileSync(metaFile.replace(/\.js-meta\.xml$/, '.js'), 'utf8');
  } catch {
    return '';
  }
}

export function loadProject(root: string): Project {
  const project: Project = {
    objects: new Map(),
    listViews: [],
    permissionSets: new Map(),
    tabs: new Map(),
    apps: new Map(),
    reportTypes: new Map(),
    reports: [],
    flexiPages: new Map(),
    bundles: new Map(),
    layouts: []
  };
  const objectNamed = (name: string): ObjectInfo => {
    let object = project.objects.get(name);
    if (!object) project.objects.set(name, (object = { name, fields: new Map() }));
    return object;
  };
  for (const source of xmlFiles(root)) {
    const parts = source.file.split('/');
    const fileName = parts.at(-1)!;
    const suffix = /^(.+)\.([A-Za-z]+)-meta\.xml$/.exec(fileName);
    if (!suffix) continue;
    const [, name, kind] = suffix as unknown as [string, string, string];
    const located: Located = { name, file: source.file, element: tryParse(source.text) };
    const parentDir = parts.at(-2);
    const objectName = parts.at(-3);
    switch (kind) {
      case 'object':
        objectNamed(name).definition = located;
        break;
      case 'field':
        if (parentDir === 'fields' && objectName)
          objectNamed(objectName).fields.set(name, { ...located, object: objectName });
        break;
      case 'listView':
        if (parentDir === 'listViews' && objectName) project.listViews.push({ ...located, object: objectName });
        break;
      case 'permissionset':
        project.permissionSets.set(name, located);
        break;
      case 'tab':
        project.tabs.set(name, located);
        break;
      case 'app':
        project.apps.set(name, located);
        break;
      case 'reportType':
        project.reportTypes.set(name, located);
        break;
      case 'report':
        project.reports.push(located);
        break;
      case 'flexipage':
        project.flexiPages.set(name, located);
        break;
      case 'layout':
        project.layouts.push(located);
        break;
      case 'js':
        if (parentDir === name && objectName === 'lwc')
          project.bundles.set(name, {
            ...located,
            publicProperties: publicPropertiesOf(readBundleJavaScript(source.path))
          });
        break;
    }
  }
  return project;
}

export const fieldType = (field: FieldInfo | undefined) => (field?.element ? textOf(field.element, 'type') : undefined);
export const isFormula = (field: FieldInfo | undefined) =>
  field?.element ? child(field.element, 'formula') !== undefined : false;

/** A force-app field of the object; a task's or event's custom fields are Activity's. */
export function customField(project: Project, object: string, field: string): FieldInfo | undefined {
  const definedOn = ACTIVITY_OBJECTS.includes(object) ? ACTIVITY : object;
  return project.objects.get(definedOn)?.fields.get(field);
}

/** How a permission set names a force-app field: `Task.X` for an Activity field (Cairn's are for tasks). */
export function permissionSetFieldName(object: string, field: string): string {
  return `${object === ACTIVITY ? 'Task' : object}.${field}`;
}

export function isCustomObject(project: Project, object: string): boolean {
  return project.objects.get(object)?.definition !== undefined;
}

export function objectExists(project: Project, object: string): boolean {
  return isCustomObject(project, object) || object in STANDARD_OBJECTS;
}

function standardFieldsOf(project: Project, object: string): readonly string[] {
  return STANDARD_OBJECTS[object]?.fields ?? (isCustomObject(project, object) ? CUSTOM_OBJECT_STANDARD_FIELDS : []);
}

export function fieldExists(project: Project, object: string, field: string): boolean {
  return customField(project, object, field) !== undefined || standardFieldsOf(project, object).includes(field);
}

/** Whether a permission set can grant access to the field (false for master-detail, required and system fields). */
export function hasFieldSecurity(project: Project, object: string, field: string): boolean {
  const custom = customField(project, object, field);
  if (custom) return fieldType(custom) !== 'MasterDetail' && textOf(custom.element!, 'required') !== 'true';
  const standard = STANDARD_OBJECTS[object];
  if (standard) return !standard.withoutFieldSecurity.includes(field);
  return false;
}

export function picklistValues(field: FieldInfo): string[] {
  const definition = field.element && child(child(field.element, 'valueSet') ?? field.element, 'valueSetDefinition');
  return definition ? childrenNamed(definition, 'value').map((value) => textOf(value, 'fullName') ?? '') : [];
}

/** The object on the detail side of a child relationship such as `Business_Reviews__r`. */
export function childRelationship(project: Project, parent: string, relationship: string): string | undefined {
  for (const object of project.objects.values()) {
    for (const field of object.fields.values()) {
      if (!field.element) continue;
      const type = fieldType(field);
      if (
        (type === 'MasterDetail' || type === 'Lookup') &&
        textOf(field.element, 'referenceTo') === parent &&
        `${textOf(field.element, 'relationshipName')}__r` === relationship
      )
        return object.name;
    }
  }
  return undefined;
}
