// The project's own validator (`versori validate --format json`), which says what is wrong with a
// document: the editor must show a diagnostic for each structural problem it reports.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The `versori` binary: $VERSORI, else the workspace target directory's release or debug build. */
export function findVersori(repo) {
  const candidates = [];
  if (process.env.VERSORI) candidates.push(path.resolve(process.env.VERSORI));
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(repo, 'target');
  candidates.push(path.join(target, 'release', 'versori'), path.join(target, 'debug', 'versori'));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new Error(`no versori binary (tried ${candidates.join(', ')}): run \`cargo build -p versori-cli\` or set VERSORI`);
  }
  return found;
}

/**
 * Validates many documents of one version and kind in one run. Returns, per document, its
 * messages [{code, severity, path}].
 */
export function validateAll(versori, version, kind, values) {
  if (values.length === 0) return [];
  const input = values.map((v) => JSON.stringify(v)).join('\n') + '\n';
  const run = spawnSync(
    versori,
    ['validate', '--api-version', version, '--kind', kind, '--format', 'json', '-'],
    { input, maxBuffer: 1 << 30, encoding: 'utf8' },
  );
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`versori validate exited with ${run.status}: ${run.stderr}`);
  }
  const reports = run.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  if (reports.length !== values.length) {
    throw new Error(`versori validate gave ${reports.length} reports for ${values.length} documents`);
  }
  reports.sort((a, b) => a.line - b.line);
  return reports.map((r) => r.messages.map((m) => ({ code: m.code, severity: m.severity, path: m.path })));
}
