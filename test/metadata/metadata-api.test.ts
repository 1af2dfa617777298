import { metadataApi, parseDeclarations } from './metadata-api.js';

describe('parseDeclarations', () => {
  const api = parseDeclarations(`
    export type Metadata = { fullName?: string; };
    export type Shade = 'Light' | 'Dark';
    export type Part = { name: string; weight?: number; };
    export type Widget = Metadata & { shade?: Shade; parts: Part[]; visible?: boolean; tags: string[]; madeOn?: Date; };
    export type Gadget = Widget;
  `);

  test('reads the elements of a type, its base types and aliases, with the kind of each', () => {
    expect(Object.fromEntries(api.elementsOf('Gadget') ?? [])).toEqual({
      fullName: { kind: 'text' },
      shade: { kind: 'enum', name: 'Shade', values: new Set(['Light', 'Dark']) },
      parts: { kind: 'complex', name: 'Part' },
      visible: { kind: 'boolean' },
      tags: { kind: 'text' },
      madeOn: { kind: 'text' }
    });
    expect(api.elementsOf('Nothing')).toBeUndefined();
  });

  test('knows metadata types (built on Metadata) from the types inside them', () => {
    expect(api.isMetadataType('Widget')).toBe(true);
    expect(api.isMetadataType('Gadget')).toBe(true);
    expect(api.isMetadataType('Part')).toBe(false);
  });
});

describe("Salesforce's Metadata API declarations", () => {
  test('define the field types and the elements of a custom field', () => {
    const api = metadataApi();
    expect([...(api.enumValues('FieldType') ?? [])]).toEqual(
      expect.arrayContaining([
        'Text',
        'LongTextArea',
        'Picklist',
        'MasterDetail',
        'Lookup',
        'Checkbox',
        'Date',
        'DateTime',
        'Number'
      ])
    );
    const customField = api.elementsOf('CustomField');
    expect(customField?.get('type')).toEqual({ kind: 'enum', name: 'FieldType', values: api.enumValues('FieldType') });
    expect(customField?.get('inlineHelpText')).toEqual({ kind: 'text' });
    expect(customField?.get('valueSet')).toEqual({ kind: 'complex', name: 'ValueSet' });
    expect(api.isMetadataType('CustomField')).toBe(true);
    expect(api.isMetadataType('ReportFolder')).toBe(true);
  });
});
