import fs from 'node:fs';
import path from 'node:path';
import { CAIRN_OBJECTS, customFieldsOf, fieldsFolderOf } from './expected.js';

// force-app/main/default/objects/<Object>/fields/<Field>.field-meta.xml: the deployable truth.
const OBJECTS_DIR = path.resolve('force-app/main/default/objects');

function forceAppFields(object: string): string[] {
  const dir = path.join(OBJECTS_DIR, object, 'fields');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.field-meta.xml'))
    .map((file) => file.replace('.field-meta.xml', ''))
    .sort();
}

test.each(CAIRN_OBJECTS)('the doctor expects exactly the custom fields force-app deploys on %s', (object) => {
  expect([...customFieldsOf(object)].sort()).toEqual(forceAppFields(fieldsFolderOf(object)));
});

test('force-app adds custom fields to no object the doctor does not check', () => {
  const withFields = fs.readdirSync(OBJECTS_DIR).filter((folder) => forceAppFields(folder).length > 0);
  const checked = CAIRN_OBJECTS.map(fieldsFolderOf);
  expect(withFields.filter((folder) => !checked.includes(folder))).toEqual([]);
});

test("Task's custom field is Activity's", () => {
  expect(fieldsFolderOf('Task')).toBe('Activity');
  expect(forceAppFields('Activity')).toEqual(['Cairn_Alert_Key__c']);
});
