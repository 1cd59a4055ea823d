// `npm run test:vscode`: the same in-editor suite as `npm run test:e2e`, in desktop VS Code
// downloaded by @vscode/test-electron (for machines that can reach update.code.visualstudio.com;
// these CI machines cannot, they use test:e2e). Tests the PACKAGED extension too: the .vsix is
// installed with VS Code's CLI into a fresh extensions dir and that directory is the development
// extension. Three windows like test:e2e: an empty one, then temp copies of examples/ and of the
// kustomize overlays fixture as the folder.
// NETPOL_VSCODE_VERSION picks the VS Code version (default: the engines.vscode minimum).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { EXTENSION_ID } from '../test/e2e/harness/codeServer';
import { copyExamples, copyWorkspace, KUSTOMIZE_CONTEXTS } from '../test/e2e/harness/exampleWorkspace';
import { buildSuite, packageExtension } from '../test/e2e/harness/prepare';
import { finishWithTally, type Tally } from '../test/e2e/harness/tally';

const MINIMUM_VSCODE = '1.99.3'; // engines.vscode is ^1.99.0

async function main(): Promise<{ passed: number; failed: number }> {
  const vsix = packageExtension();
  const suite = buildSuite();
  const scratch = mkdtempSync(join(tmpdir(), 'netpol-vscode-'));
  try {
    const extensionsDir = join(scratch, 'extensions');
    const userDataDir = join(scratch, 'user-data');
    const vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.NETPOL_VSCODE_VERSION ?? MINIMUM_VSCODE);
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    const dirArgs = ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];
    const otherCliArgs = cliArgs.filter((arg) => !arg.startsWith('--extensions-dir') && !arg.startsWith('--user-data-dir'));
    const install = spawnSync(cli, [...otherCliArgs, ...dirArgs, '--install-extension', vsix], {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (install.status !== 0) throw new Error(`installing ${vsix} failed (exit ${install.status})`);
    const installed = readdirSync(extensionsDir).filter((name) => name.toLowerCase().startsWith(`${EXTENSION_ID}-`));
    if (installed.length !== 1) throw new Error(`expected one installed ${EXTENSION_ID} in ${extensionsDir}`);
    const extensionPath = join(extensionsDir, installed[0]);

    const examples = copyExamples();
    const kustomize = copyWorkspace(KUSTOMIZE_CONTEXTS);
    const windows = [
      // No folder: an empty window, so only opening a YAML file can activate the extension.
      { name: 'empty-window', suite: suite.emptyWindow, folder: [] as string[] },
      { name: 'examples', suite: suite.examples, folder: [examples.path] },
      { name: 'kustomize', suite: suite.kustomize, folder: [kustomize.path] },
    ];
    const total: Tally = { passed: 0, failed: 0 };
    try {
      for (const window of windows) {
        const resultFile = join(scratch, `result-${window.name}.json`);
        const exitCode = await runTests({
          vscodeExecutablePath,
          extensionDevelopmentPath: extensionPath,
          extensionTestsPath: window.suite,
          extensionTestsEnv: { NETPOL_E2E_EXTENSION_PATH: extensionPath, NETPOL_E2E_RESULT_FILE: resultFile },
          launchArgs: [...window.folder, ...dirArgs, '--disable-workspace-trust'],
        }).catch(() => 1);
        if (!existsSync(resultFile)) throw new Error(`VS Code exited (${exitCode}) without running the ${window.name} suite`);
        const tally = JSON.parse(readFileSync(resultFile, 'utf8')) as Tally;
        total.passed += tally.passed;
        total.failed += exitCode !== 0 && tally.failed === 0 ? 1 : tally.failed;
      }
    } finally {
      examples.remove();
      kustomize.remove();
    }
    return total;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

finishWithTally(main());
