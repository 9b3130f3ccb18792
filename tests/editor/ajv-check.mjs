#!/usr/bin/env node
// A third validator over the committed schemas (besides the Rust `jsonschema` crate in
// tests/schema_export.rs and Python `jsonschema` in .ci/check-schemas-python.py): ajv, draft
// 2020-12, with its default options (its strict mode refuses unknown keywords) and format
// checks. The editor keywords the schemas carry for VS Code (`markdownDescription`,
// `enumDescriptions`, ...) are declared as a vocabulary, as ajv asks of any keyword it does not
// know (schemas/README.md shows the same for users of ajv).
//
// Every example and fixture is judged as tests/schema_export.rs judges it: valid documents are
// accepted by both variants, documents with unknown keys or values are rejected by the strict
// schema and accepted by the lenient one, and the reference pages' placeholder bodies as
// tests/schema_reference_pages.json states.
//
// Usage: node ajv-check.mjs [--schemas DIR]. Exit status: 0 all agree; 1 a disagreement; 2 setup.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { loadDocuments, loadSchemas } from './lib/documents.mjs';

/** VS Code's schema keywords (https://code.visualstudio.com/docs/languages/json). */
export const EDITOR_KEYWORDS = [
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'defaultSnippets',
  'patternErrorMessage',
];

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

function main() {
  const args = process.argv.slice(2);
  const schemaDir = args[0] === '--schemas' && args[1] ? path.resolve(args[1]) : path.join(repo, 'schemas');
  let docs, schemas;
  try {
    docs = loadDocuments(repo);
    schemas = loadSchemas(schemaDir);
  } catch (err) {
    console.error(`error: ${err.message}`);
    return 2;
  }
  const failures = [];
  const validators = new Map();
  for (const schema of schemas) {
    const ajv = new Ajv2020({ allErrors: true, logger: { log() {}, warn() {}, error: console.error } });
    addFormats(ajv);
    ajv.addVocabulary(EDITOR_KEYWORDS);
    try {
      validators.set(`${schema.variant} ${schema.version} ${schema.kind}`, ajv.compile(JSON.parse(schema.text)));
    } catch (err) {
      failures.push(`${path.relative(repo, schema.file)}: ajv cannot compile it: ${err.message}`);
    }
  }
  const want = { valid: [true, true], unknown: [false, true], invalid: [false, false] };
  for (const doc of docs) {
    ['strict', 'lenient'].forEach((variant, i) => {
      const validate = validators.get(`${variant} ${doc.version} ${doc.kind}`);
      if (!validate) {
        failures.push(`${doc.source}: no ${variant} schema for ${doc.version} ${doc.kind}`);
        return;
      }
      const ok = validate(doc.value);
      if (ok !== want[doc.expect][i]) {
        const why = ok ? 'accepts it' : `rejects it: ${validate.errors.slice(0, 2).map((e) => `${e.instancePath} ${e.message}`).join('; ')}`;
        failures.push(`${doc.source}: the ${variant} schema ${why}`);
      }
    });
  }
  for (const f of failures) console.log(f);
  console.log(`ajv (draft 2020-12): ${docs.length} documents against ${validators.size} schemas: ${failures.length ? `${failures.length} failures` : 'all agree'}`);
  return failures.length ? 1 : 0;
}

process.exitCode = main();
