// `netpol` command line entry point.
import { readFileSync } from 'node:fs';
import { parseManifest } from '../engine/manifests';
import { hasErrors, validateManifest } from '../engine/validate';

const [command, ...files] = process.argv.slice(2);
if (command !== 'check' || files.length === 0) {
  process.stderr.write('usage: netpol check <file>...\n');
  process.exit(2);
}
let failed = false;
for (const file of files) {
  const diagnostics = validateManifest(parseManifest(file, readFileSync(file, 'utf8')));
  for (const d of diagnostics) process.stdout.write(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}\n`);
  failed ||= hasErrors(diagnostics);
}
process.exit(failed ? 1 : 0);
