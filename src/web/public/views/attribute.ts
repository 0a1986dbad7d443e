// Kita escapes only `"` in attribute values; user text also gets `&`, `<` and `>` escaped, so that
// text such as "R&amp;D" is shown as typed and no attribute ever holds markup-looking text.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function attributeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c]!);
}
