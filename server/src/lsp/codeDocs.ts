// Where a diagnostic code is explained: its section of the README, on the repository's
// web page (package.json `repository`, read at build time; esbuild inlines it).
import type { CodeDescription } from 'vscode-languageserver/node';
import { repository } from '../../../package.json';
import { documentationAnchor } from '../engine/diagnosticCodes';

const README_URL = repository.url.replace(/\.git$/, '');

export function codeDescriptionOf(code: string): CodeDescription | undefined {
  const anchor = documentationAnchor(code);
  return anchor === undefined ? undefined : { href: `${README_URL}#${anchor}` };
}
