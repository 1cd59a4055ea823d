// docs/diagnostic-codes.md is documentation that can be wrong; this test keeps it
// honest: every catalogue code has a section, and its examples do what they say.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseManifest } from '../../server/src/engine/manifests';
import { validateManifest } from '../../server/src/engine/validate';
import { allCodes } from '../../server/src/engine/validate/codes';

const DOC_PATH = 'docs/diagnostic-codes.md';
/** File-level codes a YAML text cannot show: the size limit, non-text bytes, an unreadable file. */
const codesWithoutExample = new Set(['NP0002', 'NP0003', 'NP0006']);

interface DocSection {
  title: string;
  body: string;
  fails?: string;
  fixed?: string;
}

function readSections(markdown: string): Map<string, DocSection> {
  const sections = new Map<string, DocSection>();
  const headings = [...markdown.matchAll(/^### (NP\d{4}) (.+)$/gm)];
  headings.forEach((heading, index) => {
    const end = index + 1 < headings.length ? headings[index + 1].index : markdown.length;
    const body = markdown.slice(heading.index + heading[0].length, end);
    sections.set(heading[1], { title: heading[2].trim(), body, fails: yamlBlockAfter(body, '**Fails:**'), fixed: yamlBlockAfter(body, '**Fixed:**') });
  });
  return sections;
}

function yamlBlockAfter(body: string, label: string): string | undefined {
  const at = body.indexOf(label);
  if (at < 0) return undefined;
  const match = /```yaml\n([\s\S]*?)```/.exec(body.slice(at));
  return match?.[1];
}

const codesOf = (text: string): string[] => validateManifest(parseManifest('file:///docs/example.yaml', text)).map((d) => d.code);

describe('docs/diagnostic-codes.md', () => {
  const sections = readSections(readFileSync(DOC_PATH, 'utf8'));
  const documented = allCodes().filter((info) => !info.code.startsWith('NP3'));

  it('has a section for every catalogue code except NP3xxx, and none for unknown codes', () => {
    assert.deepEqual([...sections.keys()], documented.map((info) => info.code));
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
