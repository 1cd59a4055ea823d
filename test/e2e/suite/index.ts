// The in-editor suite's entry point, in the shape @vscode/test-electron (and the
// workbench's extensionTestsPath) expects: run() resolves when every test passed.
// Runs inside the real extension host, so it sees only the public `vscode` API.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // Colours would arrive as escape codes in the browser console the code-server runner relays.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const name of readdirSync(__dirname).sort()) {
    if (name.endsWith('.test.js')) mocha.addFile(join(__dirname, name));
  }
  console.log('[netpol-e2e] suite started');
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, failures: failed = 0 } = runner.stats ?? {};
      reportTally(passes, failed);
      if (failures > 0) reject(new Error(`${failures} in-editor test(s) failed`));
      else resolve();
    });
  });
}

/** The runners print the closing tally from this; an editor that never ran the suite leaves no file. */
function reportTally(passed: number, failed: number): void {
  const resultFile = process.env.NETPOL_E2E_RESULT_FILE;
  if (resultFile) writeFileSync(resultFile, JSON.stringify({ passed, failed }));
  console.log(`[netpol-e2e] ${passed} passed, ${failed} failed`);
}
