// The language server measured as an editor sees it: the bundled dist/server.js,
// spawned over stdio by the test harness, reading the synthetic workspace from a
// temporary folder on disk. Every figure is a client-observed round trip unless
// it says "in-process": the server's own handlers run in this process on the same
// files (lspHandlersInProcess.ts), which separates the work from the transport.
//
// NETPOL_BENCH_CPU_PROF=<dir> profiles the measured server (see lspCpuProfile.ts):
// its profile (indexing, hovers, CodeLenses, edits) is written to <dir> when it exits.
import type { Position } from 'vscode-languageserver-protocol/node';
import { startServer, type TestServer } from '../test/lsp/lspClient';
import { CHANGE_DEBOUNCE_MS } from '../server/src/lsp/diagnostics';
import {
  NamespacesRequest,
  NamespaceWorkloadsRequest,
  ResultsChangedNotification,
  WorkloadsRequest,
} from '../server/src/protocol';
import { parseYardstickMs } from './cliScaleBench';
import { withCpuProfile } from './lspCpuProfile';
import { handlersInProcess } from './lspHandlersInProcess';
import { childPids, cpuMs, newServerPid, residentMemoryMb } from './lspProcess';
import { writeWorkspaceToDisk, type WorkspaceOnDisk } from './lspWorkspaceOnDisk';
import { seededRandom } from './seededRandom';
import { median, report, reportDistribution, sleep } from './stats';
import type { SyntheticWorkspace } from './syntheticWorkspace';

const COLD_RUNS = 3;
const HOVERS = 300;
const CODE_LENS_FILES = 100;
const EDITS = 50;
const OPENS = 20;
/**
 * Time from one edit to the next. After the publish the server re-checks the open
 * documents (another debounce) and asks for a CodeLens refresh (300 ms after the
 * edit); edits are spaced so that this follow-up work never overlaps the next measurement.
 */
const EDIT_SPACING_MS = 600;
const TIMEOUT_MS = 60_000;

export async function benchLanguageServer(synthetic: SyntheticWorkspace): Promise<string[]> {
  const disk = writeWorkspaceToDisk(synthetic);
  const lines: string[] = [];
  try {
    const cold = await coldIndexRuns(disk);
    lines.push(...cold.lines);
    const { server, pid } = cold;
    try {
      lines.push(...(await warmRequests(server, pid, disk)));
      lines.push(...(await editsToDiagnostics(server, disk)));
      lines.push(...(await editsToView(server, pid, disk)));
      const end = residentMemoryMb(pid);
      lines.push(
        report('server RSS at the end (after the edits; no target)', end.rss, undefined, 'MB') + `  (peak ${end.peak} MB)`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    disk.remove();
  }
  return lines;
}

/** Fresh servers, each timed from `initialized` to the end of its indexing progress; the last one stays up. */
async function coldIndexRuns(disk: WorkspaceOnDisk): Promise<{ lines: string[]; server: TestServer; pid: number }> {
  const clientMs: number[] = [];
  const serverMs: number[] = [];
  let last: { server: TestServer; pid: number } | undefined;
  for (let run = 0; run < COLD_RUNS; run++) {
    const measured = run === COLD_RUNS - 1;
    const before = childPids();
    const server = await withProfilerIf(measured, () =>
      startServer({ workspaceFolders: [disk.folderUri], timeoutMs: TIMEOUT_MS }),
    );
    const start = performance.now();
    await server.waitForProgress((p) => p.value.kind === 'end', 'end of indexing');
    clientMs.push(performance.now() - start);
    const indexed = await server.waitForLog(
      (m) => /^Indexed \d+ manifest file\(s\) in \d+ ms/.test(m.message),
      'Indexed log line',
    );
    serverMs.push(Number(/ in (\d+) ms/.exec(indexed.message)![1]));
    if (measured) last = { server, pid: newServerPid(before) };
    else await server.stop();
  }
  const memory = residentMemoryMb(last!.pid);
  return {
    ...last!,
    lines: [
      `language server over stdio (dist/server.js; ${disk.files.size} files read from a temporary folder)`,
      report(`cold index in the server, median of ${COLD_RUNS}`, median(clientMs), 1500),
      `    runs: ${clientMs.map((ms) => Math.round(ms)).join(', ')} ms from initialized to the end of the indexing progress; server's own log: ${serverMs.join(', ')} ms`,
      report('server RSS after indexing', memory.rss, 250, 'MB') + `  (peak ${memory.peak} MB)`,
    ],
  };
}

async function warmRequests(server: TestServer, pid: number, disk: WorkspaceOnDisk): Promise<string[]> {
  const policyFiles = [...disk.files].filter(([uri]) => uri.endsWith('/policies.yaml'));
  const hovers = sample(
    policyFiles.flatMap(([uri, text]) => selectorPositions(text).map((position) => ({ uri, position }))),
    HOVERS,
  );
  const lenses = sample(policyFiles, CODE_LENS_FILES).map(([uri]) => uri);

  // The first answer builds what the index computes lazily (merged workloads, label index).
  const first = await timed(() => server.hover(hovers[0].uri, hovers[0].position));
  const afterFirst = residentMemoryMb(pid);
  for (const { uri, position } of hovers.slice(0, 20)) await server.hover(uri, position);

  const hoverMs: number[] = [];
  let answered = 0;
  for (const { uri, position } of hovers) {
    const { ms, value } = await timed(() => server.hover(uri, position));
    hoverMs.push(ms);
    if (value) answered++;
  }
  const lensMs: number[] = [];
  let lensCount = 0;
  for (const uri of lenses) {
    const { ms, value } = await timed(() => server.codeLens(uri));
    lensMs.push(ms);
    lensCount += value?.length ?? 0;
  }
  // Asked again: the files these answers point into are now fully parsed (see README).
  const hoverAgainMs: number[] = [];
  for (const { uri, position } of hovers) hoverAgainMs.push((await timed(() => server.hover(uri, position))).ms);
  const lensAgainMs: number[] = [];
  for (const uri of lenses) lensAgainMs.push((await timed(() => server.codeLens(uri))).ms);
  const afterAnswers = residentMemoryMb(pid);

  // The floor of a round trip: a hover outside any policy answers null at once.
  const workloadsUri = [...disk.files.keys()].find((uri) => uri.endsWith('/workloads.yaml'))!;
  const floorMs: number[] = [];
  for (let i = 0; i < 100; i++) floorMs.push((await timed(() => server.hover(workloadsUri, { line: 1, character: 2 }))).ms);

  const inProcess = handlersInProcess(disk.files);
  const handlerHoverMs: number[] = [];
  const handlerLensMs: number[] = [];
  // The same sequence as the server saw, so that lazily built parts are as warm.
  for (const [i, { uri, position }] of [hovers[0], ...hovers.slice(0, 20), ...hovers].entries()) {
    const start = performance.now();
    await inProcess.hover({ textDocument: { uri }, position });
    if (i > 20) handlerHoverMs.push(performance.now() - start);
  }
  for (const uri of lenses) {
    const start = performance.now();
    await inProcess.codeLens({ textDocument: { uri } });
    handlerLensMs.push(performance.now() - start);
  }
  return [
    report('first hover (builds the lazy index parts)', first.ms),
    report('server RSS after the first answer', afterFirst.rss, 250, 'MB') + `  (peak ${afterFirst.peak} MB)`,
    reportDistribution(`hover on selectors, warm (${answered}/${hovers.length} answered)`, hoverMs, 1.5),
    reportDistribution('  hover handler in-process', handlerHoverMs),
    reportDistribution('  hover, the same positions again', hoverAgainMs, 1.5),
    reportDistribution('  round-trip floor (hover answering null)', floorMs),
    reportDistribution(`CodeLens of a policy file (${lensCount / lenses.length} lenses)`, lensMs),
    reportDistribution('  CodeLens handler in-process', handlerLensMs),
    reportDistribution('  CodeLens, the same files again', lensAgainMs),
    report('server RSS after these answers', afterAnswers.rss, 250, 'MB') + `  (peak ${afterAnswers.peak} MB)`,
  ];
}

/**
 * didChange -> publishDiagnostics of that version. The server waits CHANGE_DEBOUNCE_MS
 * after the last change before it validates; it has no setting for that delay, so the
 * work after the debounce is the raw figure minus the debounce, checked against
 * didOpen -> publish, which runs the same validation at once.
 */
async function editsToDiagnostics(server: TestServer, disk: WorkspaceOnDisk): Promise<string[]> {
  const policyFiles = [...disk.files].filter(([uri]) => uri.endsWith('/policies.yaml'));
  const [editedUri, original] = policyFiles[Math.floor(policyFiles.length / 2)];
  await server.open(editedUri, original);
  await server.diagnostics(editedUri);
  await sleep(EDIT_SPACING_MS);

  const changeMs: number[] = [];
  for (let edit = 1; edit <= EDITS; edit++) {
    // Consecutive texts always differ (an edit back to the validated text publishes nothing).
    const text = original.replace('app: web-0', `app: web-${edit % 3}`);
    const start = performance.now();
    await server.change(editedUri, text);
    await server.diagnostics(editedUri);
    const ms = performance.now() - start;
    changeMs.push(ms);
    await sleep(EDIT_SPACING_MS - ms);
  }
  // Closing publishes nothing when the problems of the whole workspace are shown (netpol.problems.scope).
  await server.close(editedUri);

  const openMs: number[] = [];
  for (const [uri, text] of sample(policyFiles, OPENS + 1)
    .filter(([uri]) => uri !== editedUri)
    .slice(0, OPENS)) {
    const start = performance.now();
    await server.open(uri, text.replace('app: web-0', 'app: web-1'));
    await server.diagnostics(uri);
    openMs.push(performance.now() - start);
    await server.close(uri);
    await sleep(EDIT_SPACING_MS);
  }
  // The same edits through the server's publisher in this process, without the debounce.
  const inProcess = handlersInProcess(disk.files);
  await inProcess.validateEdit(editedUri, original, 1);
  const inProcessMs: number[] = [];
  for (let edit = 1; edit <= EDITS; edit++) {
    const start = performance.now();
    await inProcess.validateEdit(editedUri, original.replace('app: web-0', `app: web-${edit % 3}`), edit + 1);
    inProcessMs.push(performance.now() - start);
  }
  return [
    reportDistribution(`edit -> diagnostics, raw (${CHANGE_DEBOUNCE_MS} ms debounce incl.)`, changeMs, 100),
    reportDistribution(
      `edit -> diagnostics minus the debounce`,
      changeMs.map((ms) => ms - CHANGE_DEBOUNCE_MS),
      50,
    ),
    reportDistribution('open -> diagnostics (same work, no debounce)', openMs, 50),
    reportDistribution('  edit validation in-process (after the debounce)', inProcessMs),
  ];
}

const VIEW_EDITS = 10;
/** After an edit the server checks the closed files again and refreshes CodeLenses: the next edit waits for that. */
const VIEW_EDIT_SPACING_MS = 1500;

/**
 * An unsaved policy edit as the Reachability view follows it: didChange to netpol/resultsChanged
 * (the edit's debounce and the settle), then what the view asks, one after the other: its first
 * level (netpol/namespaces, analysed) and the workloads of the namespace it has open
 * (netpol/namespaceWorkloads). Set against what the view asked before namespaces came first (the
 * whole netpol/workloads), on every other edit, with the server's CPU time for each path.
 */
async function editsToView(server: TestServer, pid: number, disk: WorkspaceOnDisk): Promise<string[]> {
  const policyFiles = [...disk.files].filter(([uri]) => uri.endsWith('/policies.yaml'));
  const [editedUri, original] = policyFiles[20];
  const namespace = /team-\d+/.exec(editedUri)![0];
  await server.open(editedUri, original);
  await server.diagnostics(editedUri);
  await sleep(VIEW_EDIT_SPACING_MS);
  const byPath = { namespaces: [] as number[], workloads: [] as number[] };
  const cpu = { namespaces: [] as number[], workloads: [] as number[] };
  for (let edit = 1; edit <= 2 * VIEW_EDITS; edit++) {
    const path = edit % 2 === 1 ? 'namespaces' : 'workloads';
    const seen = server.notifications.length;
    const cpuBefore = cpuMs(pid);
    const start = performance.now();
    // `tier: frontendx…` selects no pod: the frontends no longer reach the backends.
    await server.change(editedUri, original.replace('tier: frontend', `tier: frontend${'x'.repeat(edit)}`));
    await server.notification(ResultsChangedNotification.method, () => true, seen);
    if (path === 'namespaces') {
      await server.request<NamespacesRequest.Result>(NamespacesRequest.method, { analysed: true });
      await server.request<NamespaceWorkloadsRequest.Result>(NamespaceWorkloadsRequest.method, { namespace });
    } else {
      await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    }
    byPath[path].push(performance.now() - start);
    await sleep(VIEW_EDIT_SPACING_MS);
    cpu[path].push(cpuMs(pid) - cpuBefore);
  }
  await server.close(editedUri);
  return [
    report(
      `edit -> the view's answers (resultsChanged, netpol/namespaces, one namespace's workloads)`,
      median(byPath.namespaces),
      500,
    ) + `  (server CPU for the edit and what follows: ${median(cpu.namespaces)} ms)`,
    report(`  the same with the whole netpol/workloads, as the view asked before`, median(byPath.workloads)) +
      `  (server CPU: ${median(cpu.workloads)} ms)`,
  ];
}

/**
 * Positions a user hovers in a policy: the keys podSelector, namespaceSelector and
 * matchLabels, and the first label key under each matchLabels.
 */
function selectorPositions(text: string): Position[] {
  const lines = text.split('\n');
  const positions: Position[] = [];
  lines.forEach((line, index) => {
    const key = /^(\s*(?:- )?)(podSelector|namespaceSelector|matchLabels):/.exec(line);
    if (!key) return;
    positions.push({ line: index, character: key[1].length + 1 });
    const label = key[2] === 'matchLabels' ? /^\s*(?=\S)/.exec(lines[index + 1] ?? '') : null;
    if (label) positions.push({ line: index + 1, character: label[0].length + 1 });
  });
  return positions;
}

/** `count` items drawn at random (seeded, so every run asks the same), from every part of the workspace. */
function sample<T>(items: readonly T[], count: number): T[] {
  const random = seededRandom(4242);
  const pool = [...items];
  const drawn: T[] = [];
  while (drawn.length < count && pool.length > 0) drawn.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return drawn;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

function withProfilerIf<T>(profile: boolean, start: () => Promise<T>): Promise<T> {
  const directory = process.env.NETPOL_BENCH_CPU_PROF;
  return profile && directory ? withCpuProfile(directory, start) : start();
}

/**
 * The editor on a large workspace (`npm run bench -- --scale N`): one server's first scan,
 * its RSS, hovers on selectors, and the Reachability view's first level (netpol/workloads,
 * the request the view's root asks), against the parse yardstick of the same files.
 */
export async function benchLanguageServerAtScale(synthetic: SyntheticWorkspace): Promise<string[]> {
  const disk = writeWorkspaceToDisk(synthetic);
  try {
    const parseMs = parseYardstickMs(disk.files.values());
    const before = childPids();
    const server = await startServer({ workspaceFolders: [disk.folderUri], timeoutMs: 30 * TIMEOUT_MS });
    try {
      const start = performance.now();
      await server.waitForProgress((p) => p.value.kind === 'end', 'end of indexing');
      const scanMs = performance.now() - start;
      const pid = newServerPid(before);
      const afterScan = residentMemoryMb(pid);
      // What the view asks, in its order: the namespaces from the index, the same with the analysis's counts, one namespace opened.
      const namespaces = await timed(() =>
        server.request<NamespacesRequest.Result>(NamespacesRequest.method, { analysed: false }),
      );
      const analysed = await timed(() => server.request<NamespacesRequest.Result>(NamespacesRequest.method, { analysed: true }));
      const opened = await timed(() =>
        server.request<NamespaceWorkloadsRequest.Result>(NamespaceWorkloadsRequest.method, { namespace: 'team-001' }),
      );
      const view = await timed(() => server.request<WorkloadsRequest.Result>(WorkloadsRequest.method));
      const viewAgain = await timed(() => server.request<WorkloadsRequest.Result>(WorkloadsRequest.method));
      const policyFiles = [...disk.files].filter(([uri]) => uri.endsWith('/policies.yaml'));
      const hovers = sample(
        policyFiles.flatMap(([uri, text]) => selectorPositions(text).map((position) => ({ uri, position }))),
        HOVERS,
      );
      for (const { uri, position } of hovers.slice(0, 20)) await server.hover(uri, position);
      const hoverMs: number[] = [];
      for (const { uri, position } of hovers) hoverMs.push((await timed(() => server.hover(uri, position))).ms);
      const end = residentMemoryMb(pid);
      const ratio = (ms: number) =>
        `  = ${(ms / parseMs).toFixed(2)}× parse${ms / parseMs <= 1 ? ' ≤ 1.0× ✓' : ' > 1.0× ✗ (target missed)'}`;
      return [
        `language server on ${synthetic.workloads.toLocaleString('en')} workloads (${disk.files.size} files)`,
        report('parse yardstick of the same files', parseMs),
        report('first scan, initialized to the end of indexing', scanMs) + ratio(scanMs),
        report('server RSS after the scan', afterScan.rss, 1536, 'MB') + `  (peak ${afterScan.peak} MB)`,
        report(
          `Reachability view's first level: netpol/namespaces (${namespaces.value.namespaces.length}, from the index)`,
          namespaces.ms,
          1000,
        ),
        report(`  their counts: netpol/namespaces analysed (the analysis of every policy)`, analysed.ms),
        report(
          `  a namespace opened: netpol/namespaceWorkloads (${opened.value.workloads.length} workloads, peer counts)`,
          opened.ms,
        ),
        report(`  every workload at once: netpol/workloads (the view under a filter; before, its first level)`, view.ms),
        report('    the same again (analysis kept)', viewAgain.ms),
        reportDistribution('hover on selectors', hoverMs, 5),
        report('server RSS at the end', end.rss, 1536, 'MB') +
          `  (peak ${end.peak} MB; ${Math.round((end.rss * 1024 * 1024) / synthetic.workloads).toLocaleString('en')} bytes per workload)`,
      ];
    } finally {
      await server.stop();
    }
  } finally {
    disk.remove();
  }
}
