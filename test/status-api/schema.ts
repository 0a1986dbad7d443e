// Validates Statuspage v2 documents against test/schemas/statuspage-v2.schema.json (draft 2020-12).
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const SCHEMA_URL = new URL('../schemas/statuspage-v2.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as { $id: string };

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `default`
// property is the plugin function.
const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addSchema(schema);

/** Names of the document shapes in the schema's $defs. */
export type SchemaShape =
  | 'summary'
  | 'statusDocument'
  | 'componentsDocument'
  | 'incidentsDocument'
  | 'maintenancesDocument'
  | 'error';

/** The shape each endpoint file (under /api/v2/, without .json) must have. */
export const DOCUMENT_SHAPES: Record<string, SchemaShape> = {
  summary: 'summary',
  status: 'statusDocument',
  components: 'componentsDocument',
  incidents: 'incidentsDocument',
  'incidents/unresolved': 'incidentsDocument',
  'scheduled-maintenances': 'maintenancesDocument',
  'scheduled-maintenances/upcoming': 'maintenancesDocument',
  'scheduled-maintenances/active': 'maintenancesDocument',
};

export function assertMatchesSchema(shape: SchemaShape, value: unknown, where: string): void {
  const validate = ajv.getSchema(`${schema.$id}#/$defs/${shape}`);
  assert.ok(validate, `schema has no $defs/${shape}`);
  const valid = validate(value);
  assert.ok(
    valid,
    `${where} does not match $defs/${shape}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`,
  );
}
