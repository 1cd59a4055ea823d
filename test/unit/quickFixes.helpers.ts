// Shared by the quick-fix tests: applying text edits as an editor does, and the README's examples.
import { readFileSync } from 'node:fs';
import { SourceText } from '../../server/src/engine/sourceText';
import type { Range } from '../../server/src/engine/types';

export interface PlainEdit {
  range: Range;
  newText: string;
}

/** Applies non-overlapping edits (LSP TextEdit semantics: all ranges refer to the original text). */
export function applyEdits(text: string, edits: readonly PlainEdit[]): string {
  const source = new SourceText(text);
  const byOffset = edits
    .map((edit) => ({ start: source.offsetAt(edit.range.start), end: source.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const edit of byOffset) {
    if (edit.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

export interface ReadmeExample {
  fails: string;
  fixed: string;
}

/** The Fails / Fixed YAML of each "### NPxxxx" section of the README. */
export function readmeExamples(): Map<string, ReadmeExample> {
  const markdown = readFileSync('README.md', 'utf8');
  const examples = new Map<string, ReadmeExample>();
  const headings = [...markdown.matchAll(/^### (NP\d{4}) .+$/gm)];
  headings.forEach((heading, index) => {
    const body = markdown.slice(heading.index, index + 1 < headings.length ? headings[index + 1].index : markdown.length);
    const block = (label: string): string | undefined => {
      const at = body.indexOf(label);
      return at < 0 ? undefined : /```yaml\n([\s\S]*?)```/.exec(body.slice(at))?.[1];
    };
    const fails = block('**Fails:**');
    const fixed = block('**Fixed:**');
    if (fails !== undefined && fixed !== undefined) examples.set(heading[1], { fails, fixed });
  });
  return examples;
}
