// Document text, node ranges and cursor positions.

import { findNodeAtLocation, parseTree } from 'jsonc-parser';

export const CURSOR = '__editor_test_cursor__';

export function render(value) {
  return JSON.stringify(value, null, 2);
}

/** The document text and the offset where the `CURSOR` marker stood: a `"<CURSOR>": 0` entry (a
 * property position, left as a trailing comma), a `"<CURSOR>"` string (inside an empty string
 * value), or a `["<CURSOR>"]` array (inside an empty array). */
export function withCursor(value) {
  let text = render(value);
  const patterns = [
    { find: new RegExp(`"${CURSOR}": 0`), replace: '', at: 0 },
    { find: new RegExp(`\\[\\s*"${CURSOR}:array"\\s*\\]`), replace: '[]', at: 1 },
    { find: new RegExp(`"${CURSOR}:string"`), replace: '""', at: 1 },
    { find: new RegExp(`"${CURSOR}:value"`), replace: 'null', at: 0 },
  ];
  for (const { find, replace, at } of patterns) {
    const match = find.exec(text);
    if (match) {
      text = text.slice(0, match.index) + replace + text.slice(match.index + match[0].length);
      return { text, offset: match.index + at };
    }
  }
  throw new Error('no cursor marker');
}

export function tree(text) {
  const root = parseTree(text);
  if (!root) throw new Error('unparsable text');
  return root;
}

/** The range [start, end) of the value at `path`. */
export function valueRange(root, path) {
  const node = findNodeAtLocation(root, path);
  if (!node) return undefined;
  return { start: node.offset, end: node.offset + node.length };
}

/** The range of the key (with its quotes) of the property at `path` (last segment a key). */
export function keyRange(root, path) {
  const node = findNodeAtLocation(root, path);
  const property = node?.parent;
  if (!property || property.type !== 'property') return undefined;
  const key = property.children[0];
  return { start: key.offset, end: key.offset + key.length };
}

export function overlaps(a, b) {
  return a.start < b.end && b.start < a.end;
}

export function sameRange(a, b) {
  return a.start === b.start && a.end === b.end;
}

/** Every node of a value: [{path, value}]. */
export function nodes(value, path = [], out = []) {
  out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => nodes(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) nodes(v, [...path, k], out);
  return out;
}

export function replaceAt(value, path, change) {
  const copy = structuredClone(value);
  if (path.length === 0) return change(copy);
  let parent = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment];
  const last = path[path.length - 1];
  const result = change(parent[last], parent, last);
  if (result !== undefined) parent[last] = result;
  return copy;
}

/** A JSON Pointer (as the validator writes paths). */
export function pointer(path) {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function parsePointer(text) {
  if (text === '') return [];
  return text
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

/** The text a snippet inserts with every placeholder at its default (first choice, or empty). */
export function expandSnippet(snippet) {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}/g, '')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\])/g, '$1');
}
