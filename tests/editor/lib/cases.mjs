// The cases the editor test runs, built once from the documents, the schemas (read as 2020-12
// reads them, see reader.mjs) and the project's validator (oracle.mjs), then run against each
// engine.

import { CURSOR, nodes, parsePointer, pointer, replaceAt } from './text.mjs';
import { isObject } from './reader.mjs';
import { validateAll } from './oracle.mjs';

/** Keys whose value picks a branch (their values give the dedup context of a place). */
const TAG_KEYS = ['schemeType', 'grantType', 'type', 'protocol'];

/** The value completions the issue names; each must have at least one case. */
export const NAMED_VALUE_KEYS = ['schemeType', 'grantType', 'type', 'protocol', 'in', 'severity'];

/** Validator codes that name a structural defect a schema can express. */
const STRUCTURAL = new Set(['required', 'invalid-type', 'unsupported-value', 'variant-mismatch', 'invalid-url']);

/** A one-character misspelling of a key. */
export function misspell(key) {
  const i = Math.min(Math.max(1, Math.floor(key.length / 2)), key.length - 1);
  const replacement = key[i] === 'x' ? 'q' : 'x';
  return key.length === 1 ? key + 'x' : key.slice(0, i) + replacement + key.slice(i + 1);
}

function otherType(value) {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return '42';
  if (Array.isArray(value)) return { x: 1 };
  return ['x'];
}

/** Where a node sits, for de-duplicating cases: the path with indices as `*`, and the tags of
 * the objects on the way. */
function place(doc, path) {
  const parts = [];
  let value = doc.value;
  const tags = (v) =>
    isObject(v)
      ? TAG_KEYS.filter((k) => typeof v[k] === 'string')
          .map((k) => `${k}=${v[k]}`)
          .join(',')
      : '';
  parts.push(`{${tags(value)}}`);
  for (const segment of path) {
    value = value?.[segment];
    parts.push(typeof segment === 'number' ? '*' : segment);
    const t = tags(value);
    if (t) parts.push(`{${t}}`);
  }
  return `${doc.version}|${doc.kind}|${parts.join('/')}`;
}

/** As place(), without the tags: for what does not depend on them. */
function untaggedPlace(doc, path) {
  return `${doc.version}|${doc.kind}|${path.map((s) => (typeof s === 'number' ? '*' : s)).join('/')}`;
}

function messageKey(m) {
  return `${m.code} ${m.path}`;
}

/**
 * Mutations of the valid documents, judged by the validator: typos (strict) and structural
 * defects (both variants). Each case: {doc, what, value, expect: [{code, path, at}]}.
 */
export function mutationCases(docs, versori) {
  const typos = [];
  const defects = [];
  const inapplicable = { typos: 0, defects: 0 };
  const seen = new Set();
  const candidates = [];
  const valid = docs.filter((d) => d.expect === 'valid');
  for (const doc of valid) {
    for (const { path, value } of nodes(doc.value)) {
      const at = place(doc, path);
      const add = (kind, what, mutated, extra = {}) => {
        const key = `${kind}|${at}|${what.replace(/^[^:]*:/, '')}`;
        if (seen.has(key)) return;
        seen.add(key);
        candidates.push({ kind, doc, path, what: `${pointer(path) || '/'}: ${what}`, value: mutated, ...extra });
      };
      for (const replacement of [otherType(value), null]) {
        if (JSON.stringify(replacement) !== JSON.stringify(value) && path.length > 0) {
          add('defect', `:= ${JSON.stringify(replacement)}`, replaceAt(doc.value, path, () => replacement));
        }
      }
      if (typeof value === 'string') {
        add('defect', ':= "x-unknown-value"', replaceAt(doc.value, path, () => 'x-unknown-value'));
        if (/^https?:\/\//.test(value)) {
          add('defect', ':= "not a url"', replaceAt(doc.value, path, () => 'not a url'));
        }
      }
      if (isObject(value)) {
        for (const key of Object.keys(value)) {
          add('defect', `remove ${key}`, replaceAt(doc.value, path, (object) => {
            delete object[key];
            return object;
          }));
          const typo = misspell(key);
          if (!(typo in value)) {
            const renamed = replaceAt(doc.value, path, (object) =>
              Object.fromEntries(Object.entries(object).map(([k, v]) => [k === key ? typo : k, v])),
            );
            add('typo', `${key} -> ${typo}`, renamed, { typoPath: [...path, typo], originalKeyPath: [...path, key] });
          }
        }
        // v2 wrappers: the member `type` names moved to another member.
        if (doc.version === 'v2' && typeof value.type === 'string') {
          for (const holder of [value, isObject(value.data) ? value.data : undefined]) {
            if (!holder) continue;
            for (const member of Object.keys(holder).filter((k) => isObject(holder[k]))) {
              const moved = `${member}X`;
              const holderPath = holder === value ? path : [...path, 'data'];
              add('defect', `move ${member} to ${moved}`, replaceAt(doc.value, holderPath, (object) => {
                const out = {};
                for (const [k, v] of Object.entries(object)) out[k === member ? moved : k] = v;
                return out;
              }));
            }
          }
        }
      }
    }
  }

  // One validator run per version and kind, originals first.
  const groups = new Map();
  const group = (doc) => {
    const key = `${doc.version} ${doc.kind}`;
    if (!groups.has(key)) groups.set(key, { version: doc.version, kind: doc.kind, values: [], sinks: [] });
    return groups.get(key);
  };
  const original = new Map();
  for (const doc of valid) {
    group(doc).values.push(doc.value);
    group(doc).sinks.push((messages) => original.set(doc, messages));
  }
  for (const c of candidates) {
    group(c.doc).values.push(c.value);
    group(c.doc).sinks.push((messages) => (c.messages = messages));
  }
  for (const g of groups.values()) {
    const reports = validateAll(versori, g.version, g.kind, g.values);
    reports.forEach((messages, i) => g.sinks[i](messages));
  }

  for (const c of candidates) {
    const before = new Set((original.get(c.doc) ?? []).map(messageKey));
    const fresh = c.messages.filter((m) => !before.has(messageKey(m)));
    if (c.kind === 'typo') {
      const typoPointer = pointer(c.typoPath);
      // The validator names the misspelt key, or (when the key was required, so the document
      // no longer decodes) the key now missing.
      const reported = fresh.some(
        (m) => (m.code === 'unknown-field' && m.path === typoPointer) || (m.code === 'required' && m.path === pointer(c.originalKeyPath)),
      );
      if (!reported) {
        inapplicable.typos++;
        continue;
      }
      const said = fresh.map((m) => ({ code: m.code, path: parsePointer(m.path) }));
      typos.push({ doc: c.doc, what: c.what, value: c.value, typoPath: c.typoPath, said });
    } else {
      const expect = fresh
        .filter((m) => m.severity === 'error' && STRUCTURAL.has(m.code))
        .map((m) => ({ code: m.code, path: parsePointer(m.path) }));
      if (expect.length === 0) {
        inapplicable.defects++;
        continue;
      }
      defects.push({ doc: c.doc, what: c.what, value: c.value, expect });
    }
  }
  return { typos, defects, inapplicable, originals: original };
}

/** The validator's complaints about the unknown-value documents, to be shown in place by the
 * strict schema: [{doc, expect: [{code, path}]}]. */
export function unknownCases(docs, versori) {
  const out = [];
  const byKind = new Map();
  for (const doc of docs.filter((d) => d.expect === 'unknown')) {
    const key = `${doc.version} ${doc.kind}`;
    if (!byKind.has(key)) byKind.set(key, []);
    byKind.get(key).push(doc);
  }
  for (const list of byKind.values()) {
    const reports = validateAll(versori, list[0].version, list[0].kind, list.map((d) => d.value));
    list.forEach((doc, i) => {
      const expect = reports[i]
        .filter((m) => m.code === 'unknown-field' || m.code === 'unsupported-value')
        .map((m) => ({ code: m.code, path: parsePointer(m.path) }));
      out.push({ doc, expect });
    });
  }
  return out;
}

/**
 * Completion cases for one schema (variant, version, kind) over its valid documents:
 * {what, value (with a cursor marker), expected: [labels], kind: 'property'|'value', key?}.
 */
export function completionCases(reader, docs, variant) {
  const cases = [];
  const seen = new Set();
  const add = (c) => {
    const id = `${c.group}|${c.place}|${c.expected.join(',')}`;
    if (seen.has(id) || c.expected.length === 0) return;
    seen.add(id);
    cases.push(c);
  };
  const kindDocs = docs.filter((d) => d.expect === 'valid');
  const sample = kindDocs[0];
  // An empty root object.
  add({
    group: 'empty root object',
    place: 'root',
    what: `${variant} ${sample.version} ${sample.kind}: {}`,
    value: { [CURSOR]: 0 },
    expected: reader.properties(reader.at({}, [])).sort(),
    type: 'property',
  });
  for (const doc of kindDocs) {
    for (const { path, value } of nodes(doc.value)) {
      const at = place(doc, path);
      // An empty item of an array of objects.
      if (Array.isArray(value)) {
        const emptied = replaceAt(doc.value, path, () => [{}]);
        const expected = reader.properties(reader.at(emptied, [...path, 0])).sort();
        add({
          group: 'empty array item',
          place: at,
          what: `${doc.source} ${pointer(path)}/0: {}`,
          value: replaceAt(doc.value, path, () => [{ [CURSOR]: 0 }]),
          expected,
          type: 'property',
        });
      }
      // Documented values at a string value's position.
      if (typeof value === 'string' && path.length > 0) {
        const last = path[path.length - 1];
        const parentPath = path.slice(0, -1);
        const blanked = replaceAt(doc.value, path, () => '');
        const schemas =
          typeof last === 'number'
            ? reader.itemSchemas(reader.at(blanked, parentPath), last).flatMap((s) => reader.applicable(s, ''))
            : reader.childSchemas(reader.at(blanked, parentPath, last), last);
        const expected = reader.values(schemas).map((v) => JSON.stringify(v)).sort();
        add({
          group: 'value',
          place: at,
          key: typeof last === 'number' ? parentPath[parentPath.length - 1] : last,
          what: `${doc.source} ${pointer(path)}: ""`,
          value: replaceAt(doc.value, path, () => `${CURSOR}:string`),
          expected,
          type: 'value',
        });
      }
      // A tag chosen in an empty object: the branch's properties, and those of the member it
      // requires.
      if (isObject(value)) {
        const unions = reader.taggedUnions(reader.at(doc.value, path)).filter((u) => typeof value[u.tag] === 'string');
        for (const { tag } of unions) {
          const chosen = { [tag]: value[tag] };
          const only = replaceAt(doc.value, path, () => chosen);
          const schemas = reader.at(only, path);
          add({
            group: 'tag chosen',
            place: `${at}|${tag}`,
            what: `${doc.source} ${pointer(path) || '/'}: {"${tag}": "${value[tag]}", }`,
            value: replaceAt(doc.value, path, () => ({ ...chosen, [CURSOR]: 0 })),
            expected: reader.properties(schemas).filter((k) => k !== tag).sort(),
            type: 'property',
          });
          for (const member of reader.required(schemas).filter((k) => k !== tag)) {
            const withMember = replaceAt(doc.value, path, () => ({ ...chosen, [member]: {} }));
            const memberSchemas = reader.at(withMember, [...path, member]);
            if (!memberSchemas.some((s) => isObject(s) && (s.type === 'object' || s.properties))) continue;
            add({
              group: 'tag chosen, member',
              place: `${at}|${tag}|${member}`,
              what: `${doc.source} ${pointer(path) || '/'}: {"${tag}": "${value[tag]}", "${member}": {}}`,
              value: replaceAt(doc.value, path, () => ({ ...chosen, [member]: { [CURSOR]: 0 } })),
              expected: reader.properties(memberSchemas).sort(),
              type: 'property',
            });
          }
        }
      }
    }
  }
  return cases;
}

/** Hover cases: every key of every valid document, with the descriptions its schema gives. */
export function hoverCases(reader, docs, freeForm) {
  const cases = [];
  const seen = new Set();
  for (const doc of docs.filter((d) => d.expect === 'valid')) {
    for (const { path } of nodes(doc.value)) {
      const key = path[path.length - 1];
      if (typeof key !== 'string') continue;
      const parentPath = path.slice(0, -1);
      const schemas = reader.childSchemas(reader.at(doc.value, parentPath), key);
      if (schemas.length === 0) {
        // A key of a free-form object (credential `data` the API gives no shape, the body of an
        // unknown tag): no schema speaks of it.
        freeForm.add(`${place(doc, path)}`);
        continue;
      }
      const expected = reader.ownDescriptions(schemas);
      const id = `${place(doc, path)}|${expected.join('|')}`;
      if (seen.has(id)) continue;
      seen.add(id);
      cases.push({ doc, path, what: `${doc.source} ${pointer(path)}`, expected });
    }
  }
  return cases;
}

/** Snippet cases: every place where a tagged union is a value (the root, an array item, a
 * property), with the tag values a skeleton must be offered for. */
export function snippetCases(reader, docs, variant) {
  const cases = [];
  const seen = new Set();
  const add = (c) => {
    const id = `${c.place}|${c.tag}`;
    if (seen.has(id)) return;
    seen.add(id);
    cases.push(c);
  };
  const kindDocs = docs.filter((d) => d.expect === 'valid');
  const sample = kindDocs[0];
  for (const union of reader.taggedUnions(reader.applicable(reader.root, undefined))) {
    add({ place: 'root', what: `${variant} ${sample.version} ${sample.kind}: empty document`, doc: sample, path: [], value: undefined, ...union });
  }
  for (const doc of kindDocs) {
    for (const { path, value } of nodes(doc.value)) {
      if (path.length === 0) continue;
      const at = untaggedPlace(doc, path);
      const last = path[path.length - 1];
      if (typeof last === 'number') continue;
      if (Array.isArray(value)) {
        const emptied = replaceAt(doc.value, path, () => []);
        const items = reader.itemSchemas(reader.at(emptied, path), 0).flatMap((s) => reader.applicable(s, undefined));
        for (const union of reader.taggedUnions(items)) {
          add({
            place: `${at}/*`,
            what: `${doc.source} ${pointer(path)}: [ ]`,
            doc,
            path: [...path, 0],
            value: replaceAt(doc.value, path, () => [`${CURSOR}:array`]),
            container: path,
            ...union,
          });
        }
      } else if (isObject(value)) {
        const parentPath = path.slice(0, -1);
        const schemas = reader
          .childSchemas(reader.at(doc.value, parentPath), last)
          .flatMap((s) => (isObject(s) ? reader.applicable(s, undefined) : []));
        for (const union of reader.taggedUnions(schemas)) {
          add({
            place: at,
            what: `${doc.source} ${pointer(path)}: value`,
            doc,
            path,
            value: replaceAt(doc.value, path, () => `${CURSOR}:value`),
            ...union,
          });
        }
      }
    }
  }
  return cases;
}

/** Keys a skeleton placed at `path` of `document` lacks, anywhere inside it. */
export function missingRequired(reader, document, path, skeleton) {
  const placed = path.length === 0 ? skeleton : replaceAt(document, path, () => skeleton);
  const missing = [];
  for (const { path: inner, value } of nodes(skeleton)) {
    if (!isObject(value)) continue;
    const schemas = reader.at(placed, [...path, ...inner]);
    for (const key of reader.required(schemas)) if (!(key in value)) missing.push(pointer([...inner, key]));
  }
  return missing;
}
