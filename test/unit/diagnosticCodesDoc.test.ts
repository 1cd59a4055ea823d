// README's "Diagnostic codes" is documentation that can be wrong; this test keeps it
// honest: every catalogue code has a section, and its examples do what they say.
// NP3xxx examples are small workspaces in one file: they are checked against the
// workspace they define, as the language server checks an open file. NPT examples hold
// an expectations document too: its problems and the outcome of its expectations count.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseManifest } from '../../server/src/engine/manifests';
import { validateManifest } from '../../server/src/engine/validate';
import { allCodes } from '../../server/src/engine/diagnosticCodes';
import { checkFileAgainstWorkspace } from '../../server/src/engine/validate/workspaceChecks';
import { Workspace } from '../../server/src/engine/workspace';
import { evaluateExpectations, expectationsFiles, resultCode } from '../../server/src/engine/expectations';
import { analyseWorkspace } from '../../server/src/engine/reach';

const DOC_PATH = 'README.md';
/**
 * Codes one YAML text cannot show: the size limit, non-text bytes, an unreadable
 * file, a build that failed and a Helm chart not rendered (folders), a kustomization conflict (two kustomization
 * files), and objects duplicated in two files.
 */
const codesWithoutExample = new Set([
  ...['NP0002', 'NP0003', 'NP0006', 'NP0009', 'NP0010', 'NP3008', 'NP3012', 'NP3016'],
  // `netpol diff` rules compare two versions.
  ...['NPD001', 'NPD002', 'NPD003', 'NPD004'],
]);

interface DocSection {
  title: string;
  body: string;
  fails?: string;
  fixed?: string;
}

function readSections(markdown: string): Map<string, DocSection> {
  const sections = new Map<string, DocSection>();
  const headings = [...markdown.matchAll(/^### (NP\d{4}|NPT\d{3}|NPD\d{3}) (.+)$/gm)];
  headings.forEach((heading, index) => {
    const end = index + 1 < headings.length ? headings[index + 1].index : markdown.length;
    const body = markdown.slice(heading.index + heading[0].length, end);
    sections.set(heading[1], {
      title: heading[2].trim(),
      body,
      fails: yamlBlockAfter(body, '**Fails:**'),
      fixed: yamlBlockAfter(body, '**Fixed:**'),
    });
  });
  return sections;
}

function yamlBlockAfter(body: string, label: string): string | undefined {
  const at = body.indexOf(label);
  if (at < 0) return undefined;
  const match = /```yaml\n([\s\S]*?)```/.exec(body.slice(at));
  return match?.[1];
}

const EXAMPLE_URI = 'file:///docs/example.yaml';

function codesOf(text: string): string[] {
  const workspace = new Workspace();
  workspace.setFile(EXAMPLE_URI, text);
  const file = workspace.manifest(EXAMPLE_URI) ?? parseManifest(EXAMPLE_URI, text);
  const expectations = [
    ...expectationsFiles(workspace).flatMap((f) => f.diagnostics),
    ...evaluateExpectations(analyseWorkspace(workspace), workspace).flatMap((r) => resultCode(r) ?? []),
  ];
  return [
    ...[...validateManifest(file), ...checkFileAgainstWorkspace(file, workspace)].map((d) => d.code),
    ...expectations.map((e) => (typeof e === 'string' ? e : e.code)),
  ];
}

describe('README: diagnostic codes', () => {
  const sections = readSections(readFileSync(DOC_PATH, 'utf8'));
  const documented = allCodes();

  it('has a section for every catalogue code, and none for unknown codes', () => {
    assert.deepEqual(
      [...sections.keys()],
      documented.map((info) => info.code),
    );
  });

  for (const info of documented) {
    it(`${info.code} ${info.title}: the Fails example yields ${info.code}, the Fixed example has no findings`, () => {
      const section = sections.get(info.code);
      assert.ok(section, `no section for ${info.code}`);
      assert.equal(section.title, info.title, 'heading title differs from the catalogue');
      assert.ok(section.body.includes(info.why), 'the section does not give the catalogue why');
      if (codesWithoutExample.has(info.code)) {
        assert.equal(section.fails, undefined, `${info.code} can have no YAML example`);
        assert.match(section.body, /No YAML example/);
        return;
      }
      assert.ok(section.fails !== undefined && section.fixed !== undefined, 'Fails and Fixed yaml blocks are required');
      assert.ok(codesOf(section.fails).includes(info.code), `Fails yields ${JSON.stringify(codesOf(section.fails))}`);
      assert.deepEqual(codesOf(section.fixed), [], 'the Fixed example is not clean');
    });
  }
});
