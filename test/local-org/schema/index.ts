import { loadForceApp } from './force-app.js';
import { Schema } from './model.js';
import { standardObjects } from './standard-objects.js';

export {
  Schema,
  SObjectDef,
  NUMBER_TYPES,
  TEXT_TYPES,
  readField,
  type ChildRelationship,
  type FieldDef,
  type Value,
  type Rec
} from './model.js';

/** The standard objects plus force-app's custom objects and fields; `warnings` lists what was skipped. */
export function buildSchema(forceAppDefaultDir: string): { schema: Schema; warnings: string[] } {
  const schema = new Schema();
  for (const object of standardObjects()) schema.add(object);
  const warnings = loadForceApp(schema, forceAppDefaultDir);
  schema.linkRelationships();
  return { schema, warnings };
}
