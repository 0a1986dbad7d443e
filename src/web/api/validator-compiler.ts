// Request validation of the management API with TypeBox: bodies are checked as sent (a JSON
// `"5"` is not the number 5), and query strings and path parameters, which arrive as text, are
// converted only when the text is exactly a number or boolean (`1.5` is not a page number).
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

const INTEGER = /^-?\d{1,15}$/;
const NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;

function convertText(schema: Record<string, unknown>, text: string): unknown {
  switch (schema.type) {
    case 'integer':
      return INTEGER.test(text) ? Number(text) : text;
    case 'number':
      return NUMBER.test(text) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    default:
      return text;
  }
}

/** Converts the text values of a flat object (query string, params) to their declared types. */
function convertTextFields(schema: TSchema, value: unknown): unknown {
  const properties = (schema as { properties?: Record<string, Record<string, unknown>> })
    .properties;
  if (!properties || typeof value !== 'object' || value === null) return value;
  const converted: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, text] of Object.entries(converted)) {
    const property = properties[name];
    if (property && typeof text === 'string') converted[name] = convertText(property, text);
  }
  return converted;
}

export const apiValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const validator = Compile(schema);
  return (value) => {
    const converted = httpPart === 'body' ? value : convertTextFields(schema, value);
    if (validator.Check(converted)) return { value: converted };
    // Fastify reads `error` as the list of issues (instancePath, keyword, params, message).
    return { error: validator.Errors(converted) };
  };
};
