// A small strict XML reader for tests: it refuses anything that is not well-formed (unbalanced or
// mismatched tags, a bare `<` or `&`, unknown entities, duplicate or unquoted attributes, forbidden
// characters, text outside the root) and returns the element tree, so feeds and badges can be
// checked for both well-formedness and structure without an XML dependency.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: Array<XmlElement | string>;
}

const NAME = /[A-Za-z_][\w.:-]*/y;
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export class XmlError extends Error {}

function decode(raw: string, at: number): string {
  if (raw.includes('<')) throw new XmlError(`bare '<' near offset ${at}`);
  return raw.replace(/&([^;&\s]*);?/g, (match, entity: string) => {
    if (!match.endsWith(';')) throw new XmlError(`bare '&' near offset ${at}`);
    if (entity in NAMED) return NAMED[entity]!;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(entity);
    if (!numeric) throw new XmlError(`unknown entity &${entity}; near offset ${at}`);
    return String.fromCodePoint(parseInt(numeric[1] ?? numeric[2]!, numeric[1] ? 16 : 10));
  });
}

export function parseXml(source: string): XmlElement {
  if (FORBIDDEN.test(source)) throw new XmlError('forbidden character');
  let pos = 0;
  const skipMisc = (): void => {
    for (;;) {
      const ws = /\s*/y;
      ws.lastIndex = pos;
      ws.exec(source);
      pos = ws.lastIndex;
      if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos + 4);
        if (end < 0) throw new XmlError('unterminated comment');
        pos = end + 3;
      } else return;
    }
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const match = NAME.exec(source);
    if (!match) throw new XmlError(`name expected at offset ${pos}`);
    pos = NAME.lastIndex;
    return match[0];
  };
  const readElement = (): XmlElement => {
    if (source[pos] !== '<') throw new XmlError(`'<' expected at offset ${pos}`);
    pos++;
    const element: XmlElement = { name: readName(), attributes: {}, children: [] };
    for (;;) {
      const spaced = /\s+/y;
      spaced.lastIndex = pos;
      const hadSpace = spaced.test(source);
      if (hadSpace) pos = spaced.lastIndex;
      if (source.startsWith('/>', pos)) {
        pos += 2;
        return element;
      }
      if (source[pos] === '>') {
        pos++;
        break;
      }
      if (!hadSpace) throw new XmlError(`space expected before attribute at offset ${pos}`);
      const name = readName();
      if (name in element.attributes) throw new XmlError(`duplicate attribute ${name}`);
      const value = /\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
      value.lastIndex = pos;
      const match = value.exec(source);
      if (!match) throw new XmlError(`quoted value expected for ${name} at offset ${pos}`);
      element.attributes[name] = decode(match[1] ?? match[2]!, pos);
      pos = value.lastIndex;
    }
    for (;;) {
      const next = source.indexOf('<', pos);
      if (next < 0) throw new XmlError(`<${element.name}> is not closed`);
      if (next > pos) element.children.push(decode(source.slice(pos, next), pos));
      pos = next;
      if (source.startsWith('</', pos)) {
        pos += 2;
        const name = readName();
        if (name !== element.name)
          throw new XmlError(`</${name}> closes <${element.name}> at offset ${pos}`);
        const close = /\s*>/y;
        close.lastIndex = pos;
        if (!close.test(source)) throw new XmlError(`'>' expected at offset ${pos}`);
        pos = close.lastIndex;
        return element;
      }
      if (source.startsWith('<!--', pos)) {
        const end = source.indexOf('-->', pos + 4);
        if (end < 0) throw new XmlError('unterminated comment');
        pos = end + 3;
      } else if (source.startsWith('<![CDATA[', pos)) {
        const end = source.indexOf(']]>', pos);
        if (end < 0) throw new XmlError('unterminated CDATA');
        element.children.push(source.slice(pos + 9, end));
        pos = end + 3;
      } else {
        element.children.push(readElement());
      }
    }
  };

  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) throw new XmlError('unterminated XML declaration');
    pos = end + 2;
  }
  skipMisc();
  if (source.startsWith('<!DOCTYPE', pos)) throw new XmlError('DOCTYPE is not expected');
  const root = readElement();
  skipMisc();
  if (pos !== source.length) throw new XmlError(`content after the root element at ${pos}`);
  return root;
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => typeof child !== 'string' && (!name || child.name === name),
  );
}

/** The one child element with this name; throws when there is none or several. */
export function onlyChild(element: XmlElement, name: string): XmlElement {
  const found = childElements(element, name);
  if (found.length !== 1)
    throw new XmlError(`<${element.name}> has ${found.length} <${name}>, expected 1`);
  return found[0]!;
}

export function textOf(element: XmlElement): string {
  return element.children
    .map((child) => (typeof child === 'string' ? child : textOf(child)))
    .join('');
}
