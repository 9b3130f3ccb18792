// One instance of VS Code's JSON language service (`vscode-json-languageservice`), configured as
// VS Code configures it from `json.schemas`: every committed schema registered by its `$id` with a
// `fileMatch`, and fetched through `schemaRequestService` (here: from disk, by `$id`).

import { TextDocument } from 'vscode-languageserver-textdocument';

/** The virtual folder of the documents of one variant, version and kind. */
export function documentFolder(variant, version, kind) {
  return `/editor-test/${variant}/${version}/${kind}`;
}

export class Engine {
  /**
   * @param module the imported `vscode-json-languageservice` (or its 6.0 alias)
   * @param schemas the committed schemas, from loadSchemas()
   */
  constructor(name, imported, schemas) {
    // The 5.x package is CommonJS (its named exports come through `default`), 6.0 is ESM.
    const module = imported.ClientCapabilities ? imported : imported.default;
    this.name = name;
    this.module = module;
    this.requested = new Set();
    const byId = new Map(schemas.map((s) => [s.id, s.text]));
    this.service = module.getLanguageService({
      schemaRequestService: (uri) => {
        this.requested.add(uri);
        const text = byId.get(uri);
        return text === undefined
          ? Promise.reject(`no committed schema has $id ${uri}`)
          : Promise.resolve(text);
      },
      workspaceContext: {
        resolveRelativePath: (relative, resource) => new URL(relative, resource).toString(),
      },
      clientCapabilities: module.ClientCapabilities.LATEST,
    });
    this.service.configure({
      validate: true,
      allowComments: false,
      schemas: schemas.map((s) => ({
        uri: s.id,
        fileMatch: [`${documentFolder(s.variant, s.version, s.kind)}/*.json`],
      })),
    });
    this.counter = 0;
  }

  document(variant, version, kind, text) {
    const uri = `file://${documentFolder(variant, version, kind)}/doc-${this.counter++}.json`;
    const textDocument = TextDocument.create(uri, 'json', 1, text);
    return { textDocument, jsonDocument: this.service.parseJSONDocument(textDocument) };
  }

  async diagnostics(variant, version, kind, text) {
    const { textDocument, jsonDocument } = this.document(variant, version, kind, text);
    const found = await this.service.doValidation(textDocument, jsonDocument);
    return found.map((d) => ({
      message: d.message,
      severity: d.severity,
      start: textDocument.offsetAt(d.range.start),
      end: textDocument.offsetAt(d.range.end),
    }));
  }

  /** Completion items at `offset`. */
  async complete(variant, version, kind, text, offset) {
    const { textDocument, jsonDocument } = this.document(variant, version, kind, text);
    const list = await this.service.doComplete(textDocument, textDocument.positionAt(offset), jsonDocument);
    return list ? list.items : [];
  }

  /** The hover's markdown at `offset` ('' when there is none). */
  async hover(variant, version, kind, text, offset) {
    const { textDocument, jsonDocument } = this.document(variant, version, kind, text);
    const hover = await this.service.doHover(textDocument, textDocument.positionAt(offset), jsonDocument);
    if (!hover) return '';
    const contents = Array.isArray(hover.contents) ? hover.contents : [hover.contents];
    return contents
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n\n')
      .trim();
  }
}
