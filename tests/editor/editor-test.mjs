#!/usr/bin/env node
// The editor test: drives VS Code's JSON language service (`vscode-json-languageservice`, the
// pinned 5.x release and the 6.0 prerelease) over every example and fixture with the committed
// schemas, as a user editing those documents would, and checks what it shows:
//
// - diagnostics: none on a valid document (strict and lenient); on a document carrying keys or
//   values this release does not know, a diagnostic at each one the validator reports (strict)
//   and none at all (lenient); a key misspelt by one character flagged on that key, with no
//   other complaint than the now missing key; every structural defect the validator reports
//   (missing required key, wrong type, unknown enum value, bad URL, a v2 member that does not
//   match its `type`) flagged where it is;
// - completion: every property in an empty root object and an empty array item, every
//   documented value at each tag and enum value position, the properties of the branch (and of
//   its member) once a tag is chosen, and a complete skeleton for every tag value of every
//   tagged union;
// - hover: on every key, the description its schema gives, free of Rust internals.
//
// Expectations come from the schemas read as draft 2020-12 reads them (lib/reader.mjs) and from
// the project's validator (`versori validate`), never from the engine.
//
// Usage: node editor-test.mjs [--schemas DIR] [--engine 5|6|all] [--json FILE] [--show N]
// Exit status: 0 every check passed; 1 some check failed; 2 setup problem.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadDocuments, loadSchemas } from './lib/documents.mjs';
import { Engine } from './lib/engine.mjs';
import { SchemaReader } from './lib/reader.mjs';
import { findVersori } from './lib/oracle.mjs';
import {
  NAMED_VALUE_KEYS,
  completionCases,
  hoverCases,
  missingRequired,
  mutationCases,
  snippetCases,
  unknownCases,
} from './lib/cases.mjs';
import { expandSnippet, keyRange, overlaps, render, sameRange, tree, valueRange, withCursor } from './lib/text.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

/** Words that belong to the Rust implementation, not to the JSON a user edits. */
const RUST_SPEAK = [
  /\bDebug\b/,
  /\bDisplay\b/,
  /\bchrono\b/,
  /\bDateTime\b/,
  /::/,
  /\bRust\b/,
  /\bserde\b/i,
  /\bstruct\b/,
  /\bOption\b/,
  /\bVec\b/,
  /\bimpl\b/,
  /\bcrate\b/,
  /\brustdoc\b/,
  /\bdeserializ/i,
  /\bserializ/i,
  /`Unknown`/,
  /\bUnknown\(/,
  /the library/,
];
/** A description that starts with a Go/Rust type name ("AuthSchemeConfigAPIKey: ..."). */
const TYPE_NAME_PREFIX = /^\s*(?:\*\*)?[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+(?:\s*\/\s*[A-Z][A-Za-z0-9]+)*\s*:/;

/** The checks every run must make, each with cases. */
const EXPECTED_CHECKS = [
  ...['strict', 'lenient'].flatMap((v) => [
    `valid documents have no diagnostic (${v})`,
    `invalid documents get a diagnostic (${v})`,
    `structural defects are flagged in place (${v})`,
    `completion: empty root object (${v})`,
    `completion: empty array item (${v})`,
    `completion: value (${v})`,
    `completion: tag chosen (${v})`,
    `completion: tag chosen, member (${v})`,
    `completion: a complete skeleton per tag value (${v})`,
    `hover describes every key (${v})`,
  ]),
  'unknown keys and values are flagged in place (strict)',
  'documents with unknown keys and values have no diagnostic (lenient)',
  'a misspelt key is flagged on that key (strict)',
];

function parseArgs(argv) {
  const args = { schemas: path.join(repo, 'schemas'), engine: 'all', json: undefined, show: 25 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--schemas') args.schemas = path.resolve(next());
    else if (a === '--engine') args.engine = next();
    else if (a === '--json') args.json = path.resolve(next());
    else if (a === '--show') args.show = Number(next());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!['5', '6', 'all'].includes(args.engine)) throw new Error('--engine is 5, 6 or all');
  return args;
}

async function engines(which) {
  const out = [];
  const load = async (name, specifier) => {
    const module = await import(specifier);
    const pkg = JSON.parse(fs.readFileSync(path.join(here, 'node_modules', specifier, 'package.json'), 'utf8'));
    out.push({ name: `${pkg.name} ${pkg.version}`, module });
  };
  if (which !== '6') await load('5', 'vscode-json-languageservice');
  if (which !== '5') await load('6', 'vscode-json-languageservice-next');
  return out;
}

/** Counts and failures of one check. */
class Check {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.total = 0;
    this.failures = [];
  }
  record(ok, failure) {
    this.total++;
    if (ok) this.passed++;
    else this.failures.push(failure());
  }
  get ok() {
    return this.passed === this.total;
  }
}

async function runEngine(engineInfo, schemas, docs, prepared, show) {
  const engine = new Engine(engineInfo.name, engineInfo.module, schemas);
  const checks = {};
  const check = (name) => (checks[name] ??= new Check(name));
  let falseWarnings = 0;
  let completionsOffered = 0;
  let completionsExpected = 0;

  // Valid documents: no diagnostic in either variant.
  for (const doc of docs.filter((d) => d.expect === 'valid')) {
    for (const variant of ['strict', 'lenient']) {
      const found = await engine.diagnostics(variant, doc.version, doc.kind, render(doc.value));
      falseWarnings += found.length;
      check(`valid documents have no diagnostic (${variant})`).record(found.length === 0, () => describe(doc, variant, found, render(doc.value)));
    }
  }

  // Documents with keys or values this release does not know.
  for (const { doc, expect } of prepared.unknown) {
    const text = render(doc.value);
    const root = tree(text);
    const strict = await engine.diagnostics('strict', doc.version, doc.kind, text);
    check('unknown keys and values are flagged in place (strict)').record(
      expect.length > 0 && expect.every((e) => flaggedAt(root, e, strict)),
      () => `${doc.source}: validator: ${expect.map((e) => `${e.code} at /${e.path.join('/')}`).join(', ') || 'nothing unknown'}; editor: ${list(strict, text)}`,
    );
    const lenient = await engine.diagnostics('lenient', doc.version, doc.kind, text);
    falseWarnings += lenient.length;
    check('documents with unknown keys and values have no diagnostic (lenient)').record(lenient.length === 0, () => describe(doc, 'lenient', lenient, text));
  }

  // Reference-page placeholder bodies both schemas reject.
  for (const doc of docs.filter((d) => d.expect === 'invalid')) {
    for (const variant of ['strict', 'lenient']) {
      const found = await engine.diagnostics(variant, doc.version, doc.kind, render(doc.value));
      check(`invalid documents get a diagnostic (${variant})`).record(found.length > 0, () => `${doc.source} (${variant}): no diagnostic`);
    }
  }

  // Typos, strict: a diagnostic on the misspelt key, and nothing else but the missing key.
  for (const c of prepared.typos) {
    const text = render(c.value);
    const root = tree(text);
    const found = await engine.diagnostics('strict', c.doc.version, c.doc.kind, text);
    const key = keyRange(root, c.typoPath);
    const onKey = found.some((d) => sameRange(d, key));
    // Besides the misspelt key, only keys missing from the same object may be reported (the
    // original, as required or as required by a key it goes with, and what it took with it:
    // without `id`, a credential reference is a new credential that lacks `name`). The engine
    // puts those on the object's key, or its opening brace.
    const parentPath = c.typoPath.slice(0, -1);
    const object = valueRange(root, parentPath);
    const objectKey = parentPath.length && typeof parentPath.at(-1) === 'string' ? keyRange(root, parentPath) : undefined;
    const onObject = (d) => d.start === object.start || (objectKey && sameRange(d, objectKey));
    // A typo can also change which shape applies (without `id`, a v1alpha1 environment is a new
    // one, whose bindings need a `credential`): what the validator says of the same mutated
    // document, at the same place, is not stray either.
    const saidByValidator = (d) => c.said.some((e) => flaggedAt(root, e, [d]));
    const stray = found.filter(
      (d) => !sameRange(d, key) && !(/missing property/i.test(d.message) && onObject(d)) && !saidByValidator(d),
    );
    check('a misspelt key is flagged on that key (strict)').record(onKey && stray.length === 0, () => `${c.doc.source} ${c.what}: ${list(found, text)}`);
  }

  // Structural defects the validator reports.
  for (const variant of ['strict', 'lenient']) {
    for (const c of prepared.defects) {
      const expect = c.expect.filter((e) => variant === 'strict' || e.code !== 'unsupported-value');
      if (expect.length === 0) continue;
      const text = render(c.value);
      const root = tree(text);
      const found = await engine.diagnostics(variant, c.doc.version, c.doc.kind, text);
      check(`structural defects are flagged in place (${variant})`).record(
        expect.every((e) => flaggedAt(root, e, found)),
        () => `${c.doc.source} ${c.what}: validator: ${expect.map((e) => `${e.code} at /${e.path.join('/')}`).join(', ')}; editor: ${list(found, text)}`,
      );
    }
  }

  // Completion.
  for (const { schema, completions } of prepared.perSchema) {
    for (const c of completions) {
      const { text, offset } = withCursor(c.value);
      const items = await engine.complete(schema.variant, schema.version, schema.kind, text, offset);
      const labels = new Set(items.map((i) => i.label));
      const missing = c.expected.filter((e) => !labels.has(e));
      completionsExpected += c.expected.length;
      completionsOffered += c.expected.length - missing.length;
      check(`completion: ${c.group} (${schema.variant})`).record(missing.length === 0, () => `${c.what}: missing ${missing.join(', ')}`);
    }
  }

  // Skeletons for every tag value of every tagged union.
  for (const { schema, reader, snippets } of prepared.perSchema) {
    for (const c of snippets) {
      const { text, offset } = c.value === undefined ? { text: '', offset: 0 } : withCursor(c.value);
      const items = await engine.complete(schema.variant, schema.version, schema.kind, text, offset);
      const skeletons = items
        .map((i) => {
          try {
            return JSON.parse(expandSnippet(i.insertText ?? i.textEdit?.newText ?? '').replace(/,\s*$/, ''));
          } catch {
            return undefined;
          }
        })
        .filter((s) => s && typeof s === 'object' && !Array.isArray(s));
      for (const value of c.values) {
        const skeleton = skeletons.find((s) => s[c.tag] === value);
        const missing = !skeleton
          ? ['(no skeleton)']
          : c.place === 'root'
            ? missingRequired(reader, skeleton, [], skeleton)
            : missingRequired(reader, c.doc.value, c.path, skeleton);
        check(`completion: a complete skeleton per tag value (${schema.variant})`).record(
          missing.length === 0,
          () => `${c.what}: ${c.tag} ${value}: ${skeleton ? `lacks ${missing.join(', ')}` : 'no skeleton offered'}`,
        );
      }
    }
  }

  // Hover on every key.
  for (const { schema, hovers } of prepared.perSchema) {
    for (const c of hovers) {
      const text = render(c.doc.value);
      const root = tree(text);
      const key = keyRange(root, c.path);
      const hover = await engine.hover(schema.variant, schema.version, schema.kind, text, key.start + 1);
      const problems = [];
      if (!hover) problems.push('empty');
      else {
        if (c.expected.length === 0) problems.push('the schema gives no description');
        else if (!c.expected.some((e) => hover.includes(e))) problems.push(`not the property's description (${JSON.stringify(c.expected[0]).slice(0, 80)})`);
        const rust = RUST_SPEAK.filter((r) => r.test(hover));
        if (rust.length) problems.push(`Rust internals ${rust.map(String).join(' ')}`);
        if (TYPE_NAME_PREFIX.test(hover)) problems.push('starts with a type name');
      }
      check(`hover describes every key (${schema.variant})`).record(problems.length === 0, () => `${c.what}: ${problems.join('; ')}: ${JSON.stringify(hover.slice(0, 140))}`);
    }
  }

  // Every check must have run cases: none passes by having nothing to look at.
  for (const name of EXPECTED_CHECKS) {
    const c = check(name);
    if (c.total === 0) c.record(false, () => 'no case ran');
  }

  const hoverChecks = Object.values(checks).filter((c) => c.name.startsWith('hover'));
  const figures = {
    engine: engineInfo.name,
    falseWarnings,
    completionsOffered,
    completionsExpected,
    hoversDescribed: hoverChecks.reduce((n, c) => n + c.passed, 0),
    hovers: hoverChecks.reduce((n, c) => n + c.total, 0),
    checks: Object.fromEntries(Object.values(checks).map((c) => [c.name, { passed: c.passed, total: c.total }])),
  };
  const failed = Object.values(checks).filter((c) => !c.ok);
  const schemaRequests = [...engine.requested].filter((uri) => !schemas.some((s) => s.id === uri));

  console.log(`\n== ${engineInfo.name}`);
  for (const c of Object.values(checks)) {
    console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.passed}/${c.total}`);
  }
  console.log(
    `  figures: false warnings: ${falseWarnings}, completions offered/expected: ${completionsOffered}/${completionsExpected}, ` +
      `hovers described: ${figures.hoversDescribed}/${figures.hovers}`,
  );
  if (schemaRequests.length) console.log(`  FAIL requests for schemas that are not committed: ${schemaRequests.join(', ')}`);
  for (const c of failed) {
    console.log(`\n  ${c.name}: ${c.total - c.passed} failed${c.failures.length > show ? ` (first ${show})` : ''}`);
    for (const f of c.failures.slice(0, show)) console.log(`    - ${f}`);
  }
  return { figures, ok: failed.length === 0 && schemaRequests.length === 0 };
}

/** Whether a validator message at `expected.path` has an editor diagnostic where it points:
 * - `unknown-field`: on the key itself;
 * - anything else: on the value at the path, or its key;
 * - `required` (the path names a missing key, or one holding `null`, which reads as absent):
 *   also on the object that lacks it (the engine marks its key, or its opening brace);
 * - `variant-mismatch` (a v2 `type` and the member set disagree): anywhere in the wrapper. */
function flaggedAt(root, expected, diagnostics) {
  const { code, path: at } = expected;
  if (code === 'unknown-field') {
    const key = keyRange(root, at);
    return !!key && diagnostics.some((d) => sameRange(d, key));
  }
  const ranges = [];
  const value = valueRange(root, at);
  if (value) ranges.push(value);
  const key = typeof at[at.length - 1] === 'string' ? keyRange(root, at) : undefined;
  if (key) ranges.push(key);
  if (code === 'required' || code === 'variant-mismatch') {
    const parent = at.slice(0, -1);
    const object = valueRange(root, parent);
    if (object) ranges.push(code === 'required' ? { start: object.start, end: object.start + 1 } : object);
    const parentKey = parent.length && typeof parent[parent.length - 1] === 'string' ? keyRange(root, parent) : undefined;
    if (parentKey) ranges.push(parentKey);
  }
  return diagnostics.some((d) => ranges.some((r) => overlaps(d, r) || (d.start === d.end && d.start === r.start)));
}

function list(diagnostics, text) {
  if (diagnostics.length === 0) return 'no diagnostic';
  return diagnostics
    .slice(0, 4)
    .map((d) => `"${d.message.slice(0, 90)}" at ${JSON.stringify(text.slice(d.start, Math.min(d.end, d.start + 30)))}`)
    .join('; ') + (diagnostics.length > 4 ? `; +${diagnostics.length - 4} more` : '');
}

function describe(doc, variant, found, text) {
  return `${doc.source} (${variant}): ${list(found, text)}`;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`error: ${err.message}`);
    return 2;
  }
  let docs, schemas, versori, loaded;
  try {
    docs = loadDocuments(repo);
    schemas = loadSchemas(args.schemas);
    versori = findVersori(repo);
    loaded = await engines(args.engine);
  } catch (err) {
    console.error(`error: ${err.message}`);
    return 2;
  }
  const started = Date.now();
  const { typos, defects, inapplicable } = mutationCases(docs, versori);
  const unknown = unknownCases(docs, versori);
  const freeForm = new Set();
  const perSchema = schemas.map((schema) => {
    const reader = new SchemaReader(JSON.parse(schema.text));
    const mine = docs.filter((d) => d.version === schema.version && d.kind === schema.kind);
    if (!mine.some((d) => d.expect === 'valid')) throw new Error(`no valid document of ${schema.version} ${schema.kind}`);
    return {
      schema,
      reader,
      completions: completionCases(reader, mine, schema.variant),
      hovers: hoverCases(reader, mine, freeForm),
      snippets: snippetCases(reader, mine, schema.variant),
    };
  });
  // Every value position the issue names has cases (so none passes by being absent).
  const valueKeys = new Set(perSchema.flatMap((p) => p.completions.filter((c) => c.group === 'value').map((c) => c.key)));
  const absent = NAMED_VALUE_KEYS.filter((k) => !valueKeys.has(k));
  console.log(
    `${docs.length} documents (${docs.filter((d) => d.expect === 'valid').length} valid, ${unknown.length} with unknown keys or values), ` +
      `${schemas.length} schemas from ${path.relative(process.cwd(), args.schemas) || '.'}; validator ${path.relative(repo, versori)}`,
  );
  console.log(
    `cases: ${typos.length} typos (${inapplicable.typos} misspellings the validator accepts, in free-form maps), ` +
      `${defects.length} structural defects (${inapplicable.defects} mutations the validator accepts), ` +
      `${perSchema.reduce((n, p) => n + p.completions.length, 0)} completions, ` +
      `${perSchema.reduce((n, p) => n + p.snippets.reduce((m, s) => m + s.values.length, 0), 0)} skeletons, ` +
      `${perSchema.reduce((n, p) => n + p.hovers.length, 0)} hovers (${freeForm.size} keys of free-form objects have no schema to describe them) (prepared in ${((Date.now() - started) / 1000).toFixed(1)}s)`,
  );
  if (absent.length) {
    console.error(`error: no value completion case for ${absent.join(', ')}`);
    return 2;
  }
  const prepared = { typos, defects, unknown, perSchema };
  const results = [];
  for (const info of loaded) {
    const t = Date.now();
    results.push(await runEngine(info, schemas, docs, prepared, args.show));
    console.log(`  (${((Date.now() - t) / 1000).toFixed(1)}s)`);
  }
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(results.map((r) => r.figures), null, 2) + '\n');
  console.log('');
  for (const r of results) {
    const f = r.figures;
    console.log(
      `${r.ok ? 'PASS' : 'FAIL'} ${f.engine}: false warnings: ${f.falseWarnings}, completions offered/expected: ` +
        `${f.completionsOffered}/${f.completionsExpected}, hovers described: ${f.hoversDescribed}/${f.hovers}`,
    );
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

process.exitCode = await main();
