// What a schema says at a place in a document, read as draft 2020-12 reads it (a `$ref` applies
// beside its sibling keywords), independently of how an editor engine resolves it. The test's
// expectations come from here: the properties an object may hold, the documented values of a
// key, the description a property gives, the keys a tagged branch requires.
//
// Branches (`oneOf`/`anyOf`) are narrowed by the document: a branch whose tag `const` (or
// `enum`) contradicts the value the document holds, or that forbids a key the document has, does
// not apply. `if`/`then`/`else` is decided where the condition is plain (required keys, consts).

export class SchemaReader {
  constructor(root) {
    this.root = root;
  }

  resolve(ref) {
    if (!ref.startsWith('#')) throw new Error(`external $ref ${ref}`);
    let at = this.root;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      at = at?.[token];
    }
    if (at === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return at;
  }

  /** The schema objects that apply in place at a value: the schema itself, what its `$ref`,
   * `allOf` and applicable branches bring, in that order. `ignore` names a key whose value must
   * not narrow the branches (the key being completed). */
  applicable(schema, value, ignore) {
    const out = [];
    const seen = new Set();
    const visit = (s) => {
      if (!s || typeof s !== 'object' || seen.has(s)) return;
      seen.add(s);
      out.push(s);
      if (typeof s.$ref === 'string') visit(this.resolve(s.$ref));
      for (const sub of s.allOf ?? []) visit(sub);
      for (const key of ['anyOf', 'oneOf']) {
        for (const branch of s[key] ?? []) {
          if (this.possible(branch, value, ignore)) visit(branch);
        }
      }
      if (s.if !== undefined) {
        const holds = this.decide(s.if, value, ignore);
        if (holds !== false && s.then) visit(s.then);
        if (holds !== true && s.else) visit(s.else);
      }
      if (s.dependentSchemas && isObject(value)) {
        for (const [key, sub] of Object.entries(s.dependentSchemas)) if (key in value) visit(sub);
      }
    };
    visit(schema);
    return out;
  }

  /** The schemas a branch brings without entering further branches. */
  closure(schema) {
    const out = [];
    const seen = new Set();
    const visit = (s) => {
      if (!s || typeof s !== 'object' || seen.has(s)) return;
      seen.add(s);
      out.push(s);
      if (typeof s.$ref === 'string') visit(this.resolve(s.$ref));
      for (const sub of s.allOf ?? []) visit(sub);
    };
    visit(schema);
    return out;
  }

  /** Whether a branch can apply to `value`, judged by tags and forbidden keys only. */
  possible(branch, value, ignore) {
    if (branch === false) return false;
    if (!isObject(value)) return true;
    for (const s of this.closure(branch)) {
      for (const [key, property] of Object.entries(s.properties ?? {})) {
        if (key === ignore) continue;
        if (!(key in value)) continue;
        if (property === false) return false;
        if (!isObject(property)) continue;
        for (const p of this.closure(property)) {
          if (p.const !== undefined && !equal(p.const, value[key])) return false;
          if (Array.isArray(p.enum) && !p.enum.some((e) => equal(e, value[key]))) return false;
          if (Array.isArray(p.not?.enum) && p.not.enum.some((e) => equal(e, value[key]))) return false;
        }
      }
      const notRequired = s.not?.required;
      if (Array.isArray(notRequired) && notRequired.every((k) => k === ignore || k in value)) return false;
    }
    // A closed branch cannot hold a key it does not declare.
    const closure = this.closure(branch);
    if (closure.some((s) => s.additionalProperties === false)) {
      const declared = new Set(closure.flatMap((s) => Object.keys(s.properties ?? {})));
      if (Object.keys(value).some((k) => k !== ignore && !declared.has(k))) return false;
    }
    return true;
  }

  /** true/false when a plain condition can be decided on `value`, else undefined. */
  decide(condition, value, ignore) {
    if (condition === true) return true;
    if (condition === false) return false;
    if (!isObject(value)) return undefined;
    let result = true;
    for (const s of this.closure(condition)) {
      for (const key of s.required ?? []) {
        if (key === ignore) return undefined;
        if (!(key in value)) result = false;
      }
      for (const [key, property] of Object.entries(s.properties ?? {})) {
        if (!(key in value)) continue;
        if (key === ignore) return undefined;
        if (property === false) result = false;
        if (!isObject(property)) continue;
        if (property.const !== undefined && !equal(property.const, value[key])) result = false;
        if (Array.isArray(property.enum) && !property.enum.some((e) => equal(e, value[key]))) result = false;
      }
      if (s.not !== undefined) {
        const inner = this.decide(s.not, value, ignore);
        if (inner === undefined) return undefined;
        if (inner) result = false;
      }
    }
    return result;
  }

  /** The schemas that apply to `value[key]`, given the schemas applying to `value`. */
  childSchemas(parents, key) {
    const out = [];
    for (const s of parents) {
      let matched = false;
      if (s.properties && key in s.properties) {
        out.push(s.properties[key]);
        matched = true;
      }
      for (const [pattern, sub] of Object.entries(s.patternProperties ?? {})) {
        if (new RegExp(pattern, 'u').test(key)) {
          out.push(sub);
          matched = true;
        }
      }
      if (!matched && s.additionalProperties !== undefined) out.push(s.additionalProperties);
    }
    return out;
  }

  itemSchemas(parents, index) {
    const out = [];
    for (const s of parents) {
      if (Array.isArray(s.prefixItems) && index < s.prefixItems.length) out.push(s.prefixItems[index]);
      else if (s.items !== undefined) out.push(s.items);
    }
    return out;
  }

  /** The schemas applying at `path` (keys and indices) of `document`. `ignore` is passed to the
   * last step only. */
  at(document, path, ignore) {
    let schemas = this.applicable(this.root, document, path.length === 0 ? ignore : undefined);
    let value = document;
    path.forEach((segment, i) => {
      const children = typeof segment === 'number' ? this.itemSchemas(schemas, segment) : this.childSchemas(schemas, segment);
      value = value?.[segment];
      const last = i === path.length - 1;
      schemas = children.flatMap((child) => (child === false ? [false] : this.applicable(child, value, last ? ignore : undefined)));
    });
    return schemas;
  }

  /** The keys the schemas let an object hold (declared, not forbidden by an applying schema). */
  properties(schemas) {
    const declared = new Set();
    const forbidden = new Set();
    for (const s of schemas) {
      if (!isObject(s)) continue;
      for (const [key, property] of Object.entries(s.properties ?? {})) {
        if (property === false) forbidden.add(key);
        else if (isObject(property)) declared.add(key);
      }
    }
    return [...declared].filter((k) => !forbidden.has(k));
  }

  /** The keys the schemas require of an object. */
  required(schemas) {
    const out = new Set();
    for (const s of schemas) if (isObject(s)) for (const key of s.required ?? []) out.add(key);
    return [...out];
  }

  /** Every documented value (`const`, `enum`) the schemas allow, not counting what sits under
   * `not`. */
  values(schemas) {
    const out = [];
    const seen = new Set();
    const visit = (s) => {
      if (!isObject(s) || seen.has(s)) return;
      seen.add(s);
      if (s.const !== undefined) out.push(s.const);
      if (Array.isArray(s.enum)) out.push(...s.enum);
      if (typeof s.$ref === 'string') visit(this.resolve(s.$ref));
      for (const key of ['allOf', 'anyOf', 'oneOf']) for (const sub of s[key] ?? []) visit(sub);
      for (const key of ['then', 'else']) visit(s[key]);
    };
    schemas.forEach(visit);
    return [...new Map(out.map((v) => [JSON.stringify(v), v])).values()];
  }

  /** The description texts a property's own schema gives, as an editor renders them (the
   * schema's `markdownDescription`, or its `description` escaped as markdown); where the site
   * gives none, those of what it brings in place. */
  ownDescriptions(propertySchemas) {
    const texts = [];
    for (const site of propertySchemas) {
      if (!isObject(site)) continue;
      const own = renderedDescription(site);
      if (own) {
        texts.push(own);
        continue;
      }
      for (const s of this.closure(site).slice(1)) {
        const text = renderedDescription(s);
        if (text) {
          texts.push(text);
          break;
        }
      }
    }
    return texts;
  }

  /** The tagged unions among the schemas: [{tag, values}] where the branches of a `oneOf`/`anyOf`
   * give one key distinct `const`s, or `allOf` entries `{"if": {key: const}, "then": ...}` do on
   * a key the schema declares. */
  taggedUnions(schemas) {
    const out = [];
    for (const s of schemas) {
      if (!isObject(s)) continue;
      for (const key of ['oneOf', 'anyOf']) {
        const branches = s[key];
        if (!Array.isArray(branches) || branches.length < 2) continue;
        const tags = new Map();
        for (const branch of branches) {
          for (const b of this.closure(branch)) {
            for (const [name, property] of Object.entries(b.properties ?? {})) {
              if (isObject(property) && typeof property.const === 'string') {
                if (!tags.has(name)) tags.set(name, []);
                tags.get(name).push(property.const);
              }
            }
          }
        }
        for (const [tag, values] of tags) {
          if (values.length >= 2) out.push({ tag, values: [...new Set(values)] });
        }
      }
      // `allOf` entries `{"if": {tag is a value}, "then": ...}` on a declared tag.
      const conditional = new Map();
      for (const entry of s.allOf ?? []) {
        const condition = entry?.if;
        if (!isObject(condition) || !isObject(condition.properties)) continue;
        for (const [name, property] of Object.entries(condition.properties)) {
          if (isObject(property) && typeof property.const === 'string') {
            if (!conditional.has(name)) conditional.set(name, []);
            conditional.get(name).push(property.const);
          }
        }
      }
      for (const [tag, values] of conditional) {
        if (values.length >= 2 && s.properties && tag in s.properties) {
          out.push({ tag, values: [...new Set(values)] });
        }
      }
    }
    return out;
  }
}

export function renderedDescription(schema) {
  if (typeof schema.markdownDescription === 'string' && schema.markdownDescription) return schema.markdownDescription;
  if (typeof schema.description === 'string' && schema.description) return toMarkdown(schema.description);
  return undefined;
}

/** How vscode-json-languageservice renders a plain `description` in hover (jsonHover.js). */
export function toMarkdown(plain) {
  return plain
    .trim()
    .replace(/[\\`*_{}[\]()<>#+\-.!]/g, '\\$&')
    .replace(/(^ +)/gm, (_m, g1) => '&nbsp;'.repeat(g1.length))
    .replace(/( {2,})/g, (_m, g1) => ' ' + '&nbsp;'.repeat(g1.length - 1))
    .replace(/(\t+)/g, (_m, g1) => '&nbsp;'.repeat(g1.length * 4))
    .replace(/\n/g, '\\\n');
}

export function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function equal(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
