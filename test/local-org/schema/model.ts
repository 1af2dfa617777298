// The schema the local org serves: objects and fields with the properties Salesforce's
// describe reports and its validation uses. Built once at start from the standard objects
// (standard-objects.ts) and force-app (force-app.ts).

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'boolean'
  | 'double'
  | 'int'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'email'
  | 'phone'
  | 'url';

/** A stored field value: text, number, boolean, date `YYYY-MM-DD`, date-time in wire format, or null. */
export type Value = string | number | boolean | null;

/** A record as stored: canonical field names to values. */
export type Rec = Readonly<Record<string, Value>>;

export interface PicklistValue {
  value: string;
  label: string;
  default: boolean;
  active: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  /** characters, for text types; 0 otherwise */
  length: number;
  /** total digits and digits after the point, for double/currency/percent */
  precision: number;
  scale: number;
  /** digits, for int */
  digits: number;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** must hold a value after defaults on create (REQUIRED_FIELD_MISSING otherwise) */
  required: boolean;
  /** applied on create when the field is not given */
  defaultValue: Value;
  defaultedOnCreate: boolean;
  unique: boolean;
  caseSensitive: boolean;
  externalId: boolean;
  /** usable to identify a record (Id, Name, external ids) */
  idLookup: boolean;
  nameField: boolean;
  calculated: boolean;
  autoNumber: boolean;
  /** display format of an auto-number, e.g. `QBR-{0000}` */
  autoNumberFormat: string | null;
  filterable: boolean;
  sortable: boolean;
  groupable: boolean;
  htmlFormatted: boolean;
  picklistValues: PicklistValue[];
  restrictedPicklist: boolean;
  referenceTo: string[];
  /** the parent side, used in SOQL paths: `Account`, `Opportunity__r` */
  relationshipName: string | null;
  /** the child side, as the parent sees it: `Contacts`, `Implementation_Stages__r` */
  childRelationshipName: string | null;
  relationshipOrder: number | null;
  /** master-detail: deleting the parent deletes this record */
  cascadeDelete: boolean;
  /** lookup with deleteConstraint Restrict */
  restrictedDelete: boolean;
  inlineHelpText: string | null;
  /**
   * Set when the field exists in force-app but the local org cannot compute it (formula,
   * roll-up summary, unknown type): using it fails loudly instead of answering null.
   */
  unsupported: string | null;
  /**
   * a value the local org computes when the field is read: a formula for the user reading it,
   * or a roll-up of related records (LastActivityDate)
   */
  formula: ((record: Rec, userId: string) => Value) | null;
}

export interface ChildRelationship {
  parent: string;
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
  restrictedDelete: boolean;
}

/** Fills derived values (IsWon from StageName, Contact Name, ...) on a record being saved at `now` (wire date-time). */
export type Deriver = (
  record: Record<string, Value>,
  given: ReadonlySet<string>,
  isCreate: boolean,
  now: string
) => void;

/** The records a save's side effects may read and write. */
export interface RelatedRecords {
  children(childObject: string, field: string, parentId: string): Rec[];
  put(record: Rec): void;
}

/**
 * Changes a save makes to other records once `record` (as saved, at `now`) is stored, such as
 * a new primary contact role clearing the opportunity's other primaries.
 */
export type SideEffect = (record: Rec, records: RelatedRecords, now: string) => void;

export interface ObjectOptions {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  derive?: Deriver;
  afterSave?: SideEffect;
}

export class SObjectDef {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly custom: boolean;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
  derive: Deriver | null;
  readonly afterSave: SideEffect | null;
  readonly fields: FieldDef[] = [];
  readonly childRelationships: ChildRelationship[] = [];
  private readonly byLower = new Map<string, FieldDef>();
  private readonly relByLower = new Map<string, FieldDef>();
  private readonly childByLower = new Map<string, ChildRelationship>();

  constructor(options: ObjectOptions) {
    this.name = options.name;
    this.label = options.label;
    this.labelPlural = options.labelPlural;
    this.keyPrefix = options.keyPrefix;
    this.custom = options.custom;
    this.createable = options.createable ?? true;
    this.updateable = options.updateable ?? true;
    this.deletable = options.deletable ?? true;
    this.derive = options.derive ?? null;
    this.afterSave = options.afterSave ?? null;
  }

  /** Adds or replaces a field (force-app may redefine one). */
  addField(field: FieldDef): void {
    const key = field.name.toLowerCase();
    const existing = this.byLower.get(key);
    if (existing) this.fields.splice(this.fields.indexOf(existing), 1, field);
    else this.fields.push(field);
    this.byLower.set(key, field);
    if (field.relationshipName) this.relByLower.set(field.relationshipName.toLowerCase(), field);
  }

  field(name: string): FieldDef | undefined {
    return this.byLower.get(name.toLowerCase());
  }

  /** The reference field behind a parent relationship name (`Account`, `Opportunity__r`). */
  parentRelationship(name: string): FieldDef | undefined {
    return this.relByLower.get(name.toLowerCase());
  }

  addChildRelationship(rel: ChildRelationship): void {
    this.childRelationships.push(rel);
    if (rel.relationshipName) this.childByLower.set(rel.relationshipName.toLowerCase(), rel);
  }

  childRelationship(name: string): ChildRelationship | undefined {
    return this.childByLower.get(name.toLowerCase());
  }

  get nameField(): FieldDef | undefined {
    return this.fields.find((f) => f.nameField);
  }

  /** The master-detail fields of a detail object (it has no owner of its own). */
  get masterFields(): FieldDef[] {
    return this.fields.filter((f) => f.cascadeDelete);
  }
}

export class Schema {
  private readonly byLower = new Map<string, SObjectDef>();
  private readonly byPrefix = new Map<string, SObjectDef>();

  add(object: SObjectDef): void {
    const clash = this.byPrefix.get(object.keyPrefix);
    if (clash && clash !== object) {
      throw new Error(`key prefix ${object.keyPrefix} is used by both ${clash.name} and ${object.name}`);
    }
    this.byLower.set(object.name.toLowerCase(), object);
    this.byPrefix.set(object.keyPrefix, object);
  }

  object(name: string): SObjectDef | undefined {
    return this.byLower.get(name.toLowerCase());
  }

  objectForId(id: string): SObjectDef | undefined {
    return this.byPrefix.get(id.slice(0, 3));
  }

  usedPrefixes(): Set<string> {
    return new Set(this.byPrefix.keys());
  }

  get objects(): SObjectDef[] {
    return [...this.byLower.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Computes every object's child relationships from the reference fields. Call once, last. */
  linkRelationships(): void {
    for (const child of this.byLower.values()) {
      for (const field of child.fields) {
        if (field.type !== 'reference') continue;
        for (const parentName of field.referenceTo) {
          const parent = this.object(parentName);
          if (!parent) {
            throw new Error(`${child.name}.${field.name} refers to ${parentName}, which the local org does not know`);
          }
          parent.addChildRelationship({
            parent: parent.name,
            childSObject: child.name,
            field: field.name,
            relationshipName: field.childRelationshipName,
            cascadeDelete: field.cascadeDelete,
            restrictedDelete: field.restrictedDelete
          });
        }
      }
    }
  }
}

/** A field with Salesforce's defaults for the properties not given. */
export function makeField(partial: Partial<FieldDef> & Pick<FieldDef, 'name' | 'label' | 'type'>): FieldDef {
  const longText = partial.type === 'textarea' && (partial.length ?? 255) > 255;
  return {
    length: 0,
    precision: 0,
    scale: 0,
    digits: 0,
    custom: partial.name.endsWith('__c'),
    createable: true,
    updateable: true,
    nillable: true,
    required: false,
    defaultValue: null,
    defaultedOnCreate: false,
    unique: false,
    caseSensitive: false,
    externalId: false,
    idLookup: partial.type === 'id' || partial.externalId === true || partial.nameField === true,
    nameField: false,
    calculated: false,
    autoNumber: false,
    autoNumberFormat: null,
    filterable: !longText,
    sortable: !longText,
    groupable: !longText && partial.type !== 'double' && partial.type !== 'currency' && partial.type !== 'percent',
    htmlFormatted: false,
    picklistValues: [],
    restrictedPicklist: false,
    referenceTo: [],
    relationshipName: null,
    childRelationshipName: null,
    relationshipOrder: null,
    cascadeDelete: false,
    restrictedDelete: false,
    inlineHelpText: null,
    unsupported: null,
    formula: null,
    ...partial
  };
}

/** A field's value in a record as `userId` reads it (formulas computed, absent fields null). */
export function readField(record: Rec, field: FieldDef, userId: string): Value {
  return field.formula ? field.formula(record, userId) : (record[field.name] ?? null);
}

/** Text-like types whose values compare as case-insensitive text. */
export const TEXT_TYPES: ReadonlySet<FieldType> = new Set([
  'string',
  'textarea',
  'picklist',
  'multipicklist',
  'combobox',
  'email',
  'phone',
  'url'
]);

export const NUMBER_TYPES: ReadonlySet<FieldType> = new Set(['double', 'int', 'currency', 'percent']);
