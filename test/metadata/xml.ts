// A small element tree over fast-xml-parser, enough to read metadata files: element names in
// document order, attributes, and trimmed text.

import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** the element's own text, trimmed; '' when it only holds elements */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(message);
  }
}

type OrderedNode = { [name: string]: OrderedNode[] } & { ':@'?: Record<string, string>; '#text'?: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true
});

/** The document's root element; throws XmlSyntaxError when the text is not well-formed XML. */
export function parseXml(source: string): XmlElement {
  const verdict = XMLValidator.validate(source);
  if (verdict !== true) throw new XmlSyntaxError(verdict.err.msg, verdict.err.line);
  const roots = (parser.parse(source) as OrderedNode[]).map(toElement).filter((node) => node !== undefined);
  if (roots.length !== 1) throw new XmlSyntaxError(`expected one root element, found ${roots.length}`, 1);
  return roots[0]!;
}

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text');
  if (name === undefined) return undefined;
  const content = node[name] ?? [];
  return {
    name,
    attributes: node[':@'] ?? {},
    children: content.map(toElement).filter((child) => child !== undefined),
    text: content
      .map((part) => part['#text'] ?? '')
      .join('')
      .trim()
  };
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((candidate) => candidate.name === name);
}

/** The text of the first child with that name, or undefined when there is none. */
export function textOf(element: XmlElement, name: string): string | undefined {
  return child(element, name)?.text;
}

/** The texts of every child with that name, in order. */
export function textsOf(element: XmlElement, name: string): string[] {
  return childrenNamed(element, name).map((found) => found.text);
}
