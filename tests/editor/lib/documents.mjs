// The documents the editor test works on, found by the rules of tests/schema_export.rs and
// .ci/check-schemas-python.py: examples (version and kind from examples/README.md), fixtures
// (tests/fixtures/<version>/<kind>/), the reference pages' placeholder bodies (outcome from
// tests/schema_reference_pages.json) and the unknown-value fixtures (tests/fixtures/unknown/).

import fs from 'node:fs';
import path from 'node:path';

export const VERSIONS = ['v1alpha1', 'v1', 'v2'];

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${err.message}`);
  }
}

/** (file, version, kind, notes) of each table row whose first cell is a backticked file. */
function readmeRows(readme) {
  const rows = [];
  for (const line of fs.readFileSync(readme, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6) continue;
    const file = cells[1];
    if (file.length > 2 && file.startsWith('`') && file.endsWith('`')) {
      rows.push({ file: file.slice(1, -1), version: cells[2], kind: cells[3], notes: cells[4] });
    }
  }
  return rows;
}

/** {line: [version, kind]} from a note such as "line order: 1: v1 credential, 2: ...)". */
function lineKinds(notes) {
  const out = new Map();
  if (!notes.includes('line order:')) return out;
  const order = notes.split('line order:')[1].split(')')[0];
  for (const m of order.matchAll(/(\d+):\s*(\S+)\s+([a-z-]+)/g)) {
    out.set(Number(m[1]), [m[2], m[3]]);
  }
  return out;
}

/**
 * Every document: {source, version, kind, value, expect}, where expect is 'valid' (both schemas
 * accept it), 'unknown' (it carries keys or values this release does not know: the strict schema
 * rejects it, the lenient one accepts it) or 'invalid' (a reference page's placeholder body that
 * both reject).
 */
export function loadDocuments(repo) {
  const pages = readJson(path.join(repo, 'tests/schema_reference_pages.json'));
  const placeholder = JSON.stringify(pages.placeholder);
  const expected = new Map(pages.documents.map((row) => [row.file, [row.strict, row.lenient]]));
  const docs = [];
  const add = (source, version, kind, value, want) => {
    if (want === undefined) {
      const listed = expected.get(source);
      if (listed) {
        want = listed[0] ? 'valid' : listed[1] ? 'unknown' : 'invalid';
      } else if (JSON.stringify(value).includes(placeholder)) {
        throw new Error(`${source}: holds reference-page placeholders; list it in tests/schema_reference_pages.json`);
      } else {
        want = 'valid';
      }
    }
    if (!VERSIONS.includes(version)) throw new Error(`${source}: unknown version ${version}`);
    docs.push({ source, version, kind, value, expect: want });
  };

  const examples = path.join(repo, 'examples');
  const rows = readmeRows(path.join(examples, 'README.md'));
  for (const { file, version, kind, notes } of rows) {
    const full = path.join(examples, file);
    if (file.endsWith('.json')) {
      add(`examples/${file}`, version, kind, readJson(full));
    } else if (file.endsWith('.ndjson')) {
      const perLine = lineKinds(notes);
      fs.readFileSync(full, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (!line.trim()) return;
          const source = `examples/${file}:${i + 1}`;
          const [v, k] = version === 'mixed' ? perLine.get(i + 1) ?? [] : [version, kind];
          if (!v) throw new Error(`${source}: examples/README.md gives no version and kind`);
          add(source, v, k, JSON.parse(line));
        });
    }
  }
  const listed = new Set(rows.map((r) => r.file));
  for (const version of VERSIONS) {
    for (const name of fs.readdirSync(path.join(examples, version)).filter((n) => n.endsWith('.json'))) {
      if (!listed.has(`${version}/${name}`)) throw new Error(`examples/${version}/${name} is not in examples/README.md's table`);
    }
  }

  const fixtures = path.join(repo, 'tests/fixtures');
  for (const version of VERSIONS) {
    const dir = path.join(fixtures, version);
    for (const kind of fs.readdirSync(dir).sort()) {
      const kindDir = path.join(dir, kind);
      if (!fs.statSync(kindDir).isDirectory()) continue;
      for (const name of fs.readdirSync(kindDir).filter((n) => n.endsWith('.json')).sort()) {
        add(`tests/fixtures/${version}/${kind}/${name}`, version, kind, readJson(path.join(kindDir, name)));
      }
    }
  }
  for (const source of expected.keys()) {
    if (!docs.some((d) => d.source === source)) throw new Error(`${source}: listed in tests/schema_reference_pages.json but not found`);
  }

  const unknown = path.join(fixtures, 'unknown');
  const unknownRows = readmeRows(path.join(unknown, 'README.md'));
  for (const { file, version, kind } of unknownRows) {
    add(`tests/fixtures/unknown/${file}`, version, kind, readJson(path.join(unknown, file)), 'unknown');
  }
  const unknownListed = new Set(unknownRows.map((r) => r.file));
  for (const name of fs.readdirSync(unknown).filter((n) => n.endsWith('.json'))) {
    if (!unknownListed.has(name)) throw new Error(`tests/fixtures/unknown/${name} is not in its README`);
  }
  return docs;
}

/** The committed schemas: [{variant, version, kind, id, file, text}]. */
export function loadSchemas(schemaDir) {
  const out = [];
  for (const [variant, root] of [['strict', schemaDir], ['lenient', path.join(schemaDir, 'lenient')]]) {
    for (const version of VERSIONS) {
      const dir = path.join(root, version);
      for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.schema.json')).sort()) {
        const file = path.join(dir, name);
        const text = fs.readFileSync(file, 'utf8');
        const id = JSON.parse(text).$id;
        if (typeof id !== 'string') throw new Error(`${file}: no $id`);
        out.push({ variant, version, kind: name.slice(0, -'.schema.json'.length), id, file, text });
      }
    }
  }
  return out;
}
