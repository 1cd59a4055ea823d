// One build as lsp/ and cli/ ask for it: the tool's command found, the tool run, and a failure
// worded with what the caller can change (a flag in the CLI, a setting in the editor).
import { resolveHelmCommand, resolveKustomizeCommand } from './commands';
import { renderHelmChart, type HelmRelease } from './helm';
import { renderKustomization } from './kustomize';
import type { RenderLimits } from './limits';
import type { RenderOutcome } from './outcome';
import { renderRemedy } from './runMessages';

/** What to build: a kustomization folder, or a chart release (absolute paths). */
export type BuildSource = { tool: 'kustomize'; folder: string } | { tool: 'helm'; release: HelmRelease };

/** The commands configured (setting or flag); undefined: found on PATH. */
export interface ToolCommands {
  kustomize: string | undefined;
  helm: string | undefined;
}

/** How the caller words what a person can change: a flag in the CLI (`name it with --kustomize-command`), a setting in the editor. */
export interface Knobs {
  /** How to name the kustomize command, e.g. `name it with --kustomize-command`. */
  kustomizeCommand: string;
  /** How to name the helm command, e.g. `set netpol.helm.command`. */
  helmCommand: string;
  /** What to do about a timeout, e.g. `give it longer with --render-timeout SECONDS`. */
  timeout: string;
  /** What allows remote resources, e.g. `--allow-network`. */
  network: string;
}

/** Runs one build; `label` names it in messages as the person knows it (`kustomize build overlays/prod`). */
export async function renderBuild(
  source: BuildSource,
  commands: ToolCommands,
  limits: RenderLimits,
  label: string,
  knobs: Knobs,
  env: NodeJS.ProcessEnv = process.env,
  signal?: AbortSignal,
): Promise<RenderOutcome> {
  const outcome = await run(source, commands, limits, label, knobs, env, signal);
  return outcome.ok ? outcome : { ...outcome, message: outcome.message + renderRemedy(outcome.message, limits, knobs) };
}

function run(
  source: BuildSource,
  commands: ToolCommands,
  limits: RenderLimits,
  label: string,
  knobs: Knobs,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal | undefined,
): Promise<RenderOutcome> {
  const notRun = (why: string): Promise<RenderOutcome> =>
    Promise.resolve({ ok: false, durationMs: 0, message: `${label} was not run: ${why}` });
  if (source.tool === 'kustomize') {
    const command = resolveKustomizeCommand(commands.kustomize, env);
    if (!command) return notRun(`neither kustomize nor kubectl was found on PATH; install one, or ${knobs.kustomizeCommand}`);
    return renderKustomization(source.folder, command, limits, signal, label);
  }
  const command = resolveHelmCommand(commands.helm, env);
  if (!command) return notRun(`helm was not found on PATH; install it, or ${knobs.helmCommand}`);
  return renderHelmChart(source.release, command, limits, signal, label);
}
