// Text made safe for XML documents (feeds, SVG badges): markup characters escaped and characters
// that XML 1.0 forbids (control characters, lone surrogates) dropped, so the document stays
// well-formed whatever was typed into an incident.

const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** The text without the characters XML cannot carry. */
export function xmlCharacters(value: string): string {
  return value.replace(FORBIDDEN, '');
}

export function xmlText(value: string): string {
  return xmlCharacters(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
