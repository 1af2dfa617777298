// The Metadata API's own type definitions: which child elements each metadata type allows,
// what kind of value each holds, and the values of every enumeration (FieldType, SharingModel,
// FilterScope, ...). They are read from the TypeScript declarations Salesforce generates from
// its Metadata WSDL, `@salesforce/types/lib/metadata.d.ts` (a dependency of
// @salesforce/source-deploy-retrieve), parsed with the TypeScript compiler: no hand-written list.
//
// jsforce ships a schema too (jsforce/lib/api/metadata/schema.js), but from an older WSDL
// (892 types against 1,772 here: no FlexiPage `itemInstances`, no LWC `capabilities`) and
// with every enumeration flattened to `string`, so it would reject valid files and accept
// `<type>Textt</type>`.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';

/** What an element holds. */
export type ValueKind =
  | { kind: 'text' }
  | { kind: 'boolean' }
  | { kind: 'number' }
  | { kind: 'enum'; name: string; values: ReadonlySet<string> }
  | { kind: 'complex'; name: string };

export interface MetadataApi {
  /** The child elements a complex type allows (its own and its base types'), or undefined for an unknown type. */
  elementsOf(typeName: string): ReadonlyMap<string, ValueKind> | undefined;
  /** True when `typeName` is a metadata type (a complex type built on `Metadata`), i.e. a valid root element. */
  isMetadataType(typeName: string): boolean;
  /** The values of an enumeration, e.g. `FieldType`. */
  enumValues(enumName: string): ReadonlySet<string> | undefined;
}

interface ComplexType {
  bases: string[];
  /** element name → the TypeScript type of its value, unresolved */
  members: Map<string, ts.TypeNode>;
}

let loaded: MetadataApi | undefined;

/** The definitions, parsed once per process. */
export function metadataApi(): MetadataApi {
  loaded ??= parseDeclarations(readFileSync(declarationsPath(), 'utf8'));
  return loaded;
}

function declarationsPath(): string {
  const require = createRequire(import.meta.url);
  const sdr = require.resolve('@salesforce/source-deploy-retrieve');
  try {
    return createRequire(sdr).resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts');
  } catch (cause) {
    throw new Error(
      'Cannot find @salesforce/types (the Metadata API declarations that @salesforce/source-deploy-retrieve depends on); run `npm ci`.',
      { cause }
    );
  }
}

export function parseDeclarations(source: string): MetadataApi {
  const file = ts.createSourceFile('metadata.d.ts', source, ts.ScriptTarget.Latest, false);
  const enums = new Map<string, Set<string>>();
  const complexTypes = new Map<string, ComplexType>();
  const aliases = new Map<string, string>();

  for (const statement of file.statements) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    const name = statement.name.text;
    const type = statement.type;
    const literals = stringLiterals(type);
    if (literals) enums.set(name, new Set(literals));
    else if (ts.isTypeReferenceNode(type)) aliases.set(name, referenceName(type));
    else if (ts.isTypeLiteralNode(type)) complexTypes.set(name, { bases: [], members: membersOf(type) });
    else if (ts.isIntersectionTypeNode(type)) {
      const bases = type.types.filter(ts.isTypeReferenceNode).map(referenceName);
      const members = new Map(type.types.filter(ts.isTypeLiteralNode).flatMap((literal) => [...membersOf(literal)]));
      complexTypes.set(name, { bases, members });
    }
    // `string` and `unknown` aliases hold free text: an unresolved reference falls back to that.
  }

  const unalias = (name: string): string => {
    let current = name;
    for (let hops = 0; aliases.has(current) && hops < 10; hops++) current = aliases.get(current)!;
    return current;
  };

  const kindOf = (node: ts.TypeNode): ValueKind => {
    if (ts.isArrayTypeNode(node)) return kindOf(node.elementType);
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { kind: 'boolean' };
    if (node.kind === ts.SyntaxKind.NumberKeyword) return { kind: 'number' };
    if (ts.isTypeReferenceNode(node)) {
      const name = unalias(referenceName(node));
      const values = enums.get(name);
      if (values) return { kind: 'enum', name, values };
      if (complexTypes.has(name)) return { kind: 'complex', name };
    }
    return { kind: 'text' };
  };

  const elementCache = new Map<string, ReadonlyMap<string, ValueKind>>();
  const elementsOf = (typeName: string): ReadonlyMap<string, ValueKind> | undefined => {
    const name = unalias(typeName);
    const cached = elementCache.get(name);
    if (cached) return cached;
    const complex = complexTypes.get(name);
    if (!complex) return undefined;
    const elements = new Map<string, ValueKind>();
    for (const base of complex.bases) for (const [element, kind] of elementsOf(base) ?? []) elements.set(element, kind);
    for (const [element, node] of complex.members) elements.set(element, kindOf(node));
    elementCache.set(name, elements);
    return elements;
  };

  const isMetadataType = (typeName: string): boolean => {
    const name = unalias(typeName);
    if (name === 'Metadata') return true;
    return complexTypes.get(name)?.bases.some(isMetadataType) ?? false;
  };

  return { elementsOf, isMetadataType, enumValues: (name) => enums.get(name) };
}

function stringLiterals(type: ts.TypeNode): string[] | undefined {
  const parts = ts.isUnionTypeNode(type) ? [...type.types] : [type];
  const values = parts.map((part) =>
    ts.isLiteralTypeNode(part) && ts.isStringLiteral(part.literal) ? part.literal.text : undefined
  );
  return values.every((value): value is string => value !== undefined) ? values : undefined;
}

function membersOf(literal: ts.TypeLiteralNode): Map<string, ts.TypeNode> {
  const members = new Map<string, ts.TypeNode>();
  for (const member of literal.members) {
    if (
      ts.isPropertySignature(member) &&
      member.type &&
      (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))
    ) {
      members.set(member.name.text, member.type);
    }
  }
  return members;
}

function referenceName(node: ts.TypeReferenceNode): string {
  return ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
}
