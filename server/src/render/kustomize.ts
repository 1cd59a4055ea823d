// `kubectl apply -k <folder>`'s build, with the origin of every object. The origin annotations
// are asked for by a wrapper kustomization in a temporary folder that lists the user's folder as
// its one resource (wrapperKustomization.ts): nothing is written into the user's folders. The
// wrapper names the folder relatively, so the origins in the output are relative to the
// wrapper's folder (originBase).
import { mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { RenderLimits } from './limits';
import type { RenderOutcome } from './outcome';
import { exitStatusText, notStartedText, stoppedRunText } from './runMessages';
import { runTool, type ToolRun } from './runTool';
import { toolErrorText } from './toolMessages';
import { KUSTOMIZATION_FILE_NAMES } from '../engine/kustomizations';
import { wrapperKustomization } from './wrapperKustomization';

/** Flags that would let a kustomization run programs or reach out: never passed, and refused in a configured command. */
const UNSAFE_FLAGS = /^--(enable-alpha-plugins|enable-exec|enable-star|network|mount|as-current-user)(=|$)/;
const HELM_FLAG = /^--enable-helm(=|$)/;

/** Builds a kustomization folder (absolute path) as `kubectl apply -k` would, with origin annotations. */
export async function renderKustomization(
  folderPath: string,
  command: readonly string[],
  limits: RenderLimits,
  signal?: AbortSignal,
  /** How messages name the build: the folder as the user knows it (relative to the workspace or the working directory). */
  label = `kustomize build ${resolve(folderPath)}`,
): Promise<RenderOutcome> {
  const started = performance.now();
  const failed = (message: string): RenderOutcome => ({ ok: false, message, durationMs: performance.now() - started });
  const folder = resolve(folderPath);

  const refused = command.find((arg) => UNSAFE_FLAGS.test(arg) || (!limits.enableHelm && HELM_FLAG.test(arg)));
  if (refused !== undefined) {
    return failed(
      `${label} was not run: the kustomize command must not pass ${refused} (plugins, exec functions and helm inflation stay off).`,
    );
  }
  if (command.length === 0) return failed(`${label} was not run: the kustomize command is empty.`);
  // Through the wrapper, kustomize would word a missing folder as a failed read of a file resource.
  const folderStat = await stat(folder).catch(() => undefined);
  if (folderStat === undefined) return failed(`${label} failed: ${folder} does not exist`);
  if (!folderStat.isDirectory()) return failed(`${label} failed: ${folder} is not a folder`);

  // The real path: kustomize resolves the relative resource from the wrapper's real folder.
  const wrapper = await realpath(await mkdtemp(join(tmpdir(), 'netpol-kustomize-')));
  try {
    const target = relative(wrapper, folder).split(sep).join('/');
    await writeFile(
      join(wrapper, 'kustomization.yaml'),
      wrapperKustomization(wrapper, folder, await userKustomization(folder)),
      'utf8',
    );
    const argv = [...command, ...(limits.enableHelm ? ['--enable-helm'] : []), wrapper];
    const run = await runTool(argv, limits, signal);
    const durationMs = performance.now() - started;
    if (run.kind === 'exited' && run.code === 0) {
      return { ok: true, output: run.stdout, originBase: pathToFileURL(wrapper).href, durationMs };
    }
    return { ok: false, message: failureMessage(run, label, limits, command, { wrapper, target, folder }), durationMs };
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
}

/** The text of the folder's kustomization file, as kustomize looks for it (first name found). */
async function userKustomization(folder: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const text = await readFile(join(folder, name), 'utf8').catch(() => undefined);
    if (text !== undefined) return text;
  }
  return undefined;
}

interface WrapperPaths {
  wrapper: string;
  /** The user's folder as the wrapper names it. */
  target: string;
  folder: string;
}

function failureMessage(
  run: ToolRun,
  label: string,
  limits: RenderLimits,
  command: readonly string[],
  paths: WrapperPaths,
): string {
  switch (run.kind) {
    case 'timeout':
    case 'tooMuchOutput':
    case 'cancelled':
      return stoppedRunText(run.kind, label, limits);
    case 'notStarted':
      return notStartedMessage(run.error, command);
    case 'exited': {
      const reason = withoutWrapper(toolErrorText(run.stderr), paths);
      const status = exitStatusText(run.code, run.signal);
      return reason === '' ? `${label} failed: ${command.join(' ')} ${status}` : `${label} failed: ${reason}`;
    }
  }
}

function notStartedMessage(error: NodeJS.ErrnoException, command: readonly string[]): string {
  return `kustomize cannot run: ${notStartedText(error, command[0] ?? '')}. Install kubectl (kustomize is built in) or kustomize, or set netpol.kustomize.command (CLI: --kustomize-command) to the command to run, e.g. "kubectl kustomize" or "/usr/local/bin/kustomize".`;
}

/**
 * kustomize's message as if the user's folder had been built directly: the wrapper's own layer
 * ("accumulating resources from '<target>': ... recursed accumulation of path '<folder>': ") is
 * dropped, and any other mention of the wrapper names the user's folder instead.
 */
function withoutWrapper(message: string, { wrapper, target, folder }: WrapperPaths): string {
  const layer = `accumulating resources: accumulation err='accumulating resources from '${target}': `;
  let text = message;
  if (text.startsWith(layer)) {
    const inner = [`recursed accumulation of path '${folder}': `, `couldn't make target for path '${folder}': `]
      .map((marker) => ({ marker, at: text.indexOf(marker, layer.length) }))
      .find(({ at }) => at >= 0);
    if (inner !== undefined) text = text.slice(inner.at + inner.marker.length);
    else text = text.slice(layer.length).replace(/'$/, '');
  }
  return text.split(`'${target}'`).join(`'${folder}'`).split(wrapper).join(folder);
}
