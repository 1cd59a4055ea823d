// Shared test helpers. Keep them small; add one here before writing a second copy elsewhere.
// Manifest text comes from ./builders.ts, the LSP server of a describe from ./lsp/withServer.ts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest, type KubeObject, type ManifestFile } from '../server/src/engine/manifests';
import { SourceText } from '../server/src/engine/sourceText';
import type { EngineDiagnostic, Position, Range } from '../server/src/engine/types';

export const TEST_URI = 'file:///workspace/test.yaml';

/** Parses YAML text as a manifest file. */
export function manifest(text: string, uri = TEST_URI): ManifestFile {
  return parseManifest(uri, text);
}

/** The first object of a YAML text; throws when there is none. */
export function firstObject(text: string): KubeObject {
  const object = manifest(text).objects[0];
  if (!object) throw new Error('no Kubernetes object in test text');
  return object;
}

/** The source text a range covers. */
export function textAt(text: string, range: Range): string {
  const source = new SourceText(text);
  return text.slice(source.offsetAt(range.start), source.offsetAt(range.end));
}

/** `code@text` for each diagnostic: compact to assert on, and shows the exact range. */
export function summarize(text: string, diagnostics: readonly EngineDiagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${textAt(text, d.range)}`);
}

/**
 * Removes the caret marker `|` from a text and returns where it was, so that
 * position-based tests read like the editor: `matchLabels: {app: fro|ntend}`.
 */
export function caret(textWithCaret: string): { text: string; offset: number; position: Position } {
  const offset = textWithCaret.indexOf('|');
  if (offset < 0) throw new Error('caret marker | missing');
  const text = textWithCaret.slice(0, offset) + textWithCaret.slice(offset + 1);
  return { text, offset, position: new SourceText(text).positionAt(offset) };
}

/** Strips the common indentation of a template literal, so YAML in tests can be indented with the code. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, part, i) => out + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '\n')
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** test/fixtures/rendered-monitoring: a rendered file whose ConfigMap keeps Grafana and Prometheus `{{ ... }}` as data. */
export const RENDERED_MONITORING_DIR = join(__dirname, 'fixtures', 'rendered-monitoring');
export const RENDERED_MONITORING = readFileSync(join(RENDERED_MONITORING_DIR, 'monitoring.yaml'), 'utf8');

/** What the rendering tests say when kubectl is missing: they fail, not skip, as rendering is proven only against the real tool. */
export const KUBECTL_MISSING =
  'these tests run the real kustomize through `kubectl kustomize`: install kubectl (1.27 or later, kustomize v5 built in; https://kubernetes.io/docs/tasks/tools/) and put it on PATH';

/** Throws {@link KUBECTL_MISSING} unless `kubectl` runs. */
export function requireKubectl(): void {
  const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) throw new Error(KUBECTL_MISSING);
}
