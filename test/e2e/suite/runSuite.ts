// Runs the mocha test files of one folder in the extension host, in the shape @vscode/test-electron
// (and the workbench's extensionTestsPath) expects of run(): resolves when every test passed.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function runSuite(name: string, dir: string): Promise<void> {
  // Colours would arrive as escape codes in the browser console the code-server runner relays.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(join(dir, file));
  }
  console.log(`[netpol-e2e] suite started: ${name}`);
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
