import { SaxesParser } from 'saxes';

export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** The element's own text (CDATA included), not its children's. */
  text: string;
}

/**
 * Parses a whole document with a strict parser: anything not well-formed throws. A DOCTYPE is refused,
 * since internal entity declarations are how XML bombs work and no file Kestrel reads needs one.
 */
export function parseXmlTree(xml: string): XmlElement {
  const parser = new SaxesParser();
  const root: XmlElement = { name: '', attributes: {}, children: [], text: '' };
  const open: XmlElement[] = [root];
  const current = (): XmlElement => open.at(-1) ?? root;
  parser.on('doctype', () => {
    throw new Error('a DOCTYPE is not accepted');
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...tag.attributes }, children: [], text: '' };
    current().children.push(element);
    open.push(element);
  });
  parser.on('closetag', () => {
    open.pop();
  });
  parser.on('text', (text) => {
    current().text += text;
  });
  parser.on('cdata', (text) => {
    current().text += text;
  });
  parser.write(xml).close();
  const [document] = root.children;
  if (document === undefined) throw new Error('no root element');
  return document;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function childText(element: XmlElement, name: string): string | undefined {
  return childrenNamed(element, name)[0]?.text.trim();
}
