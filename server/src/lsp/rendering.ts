// Runs the builds of the analysis context (kustomize overlays, helm releases) and keeps
// their output in the index. Builds run one at a time, after the saved files settle
// (never on keystrokes: kustomize reads the disk); a newer request cancels an older one.
// Each build's output is kept by the content of its inputs, so switching back to an
// overlay, or saving a file no build reads, costs no process.
import { createHash } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RenderedBuild } from '../engine/renderedBuilds';
import { renderBuild, type BuildSource, type HelmRelease, type Knobs, type RenderLimits, type RenderOutcome } from '../render';
import type { Log } from './log';
import type { WorkspaceIndex } from './workspaceIndex';

/** Quiet time after the last save or disk change before builds run again. */
export const RENDER_DEBOUNCE_MS = 400;

/** Outputs kept per build: the current inputs and a few earlier ones (switching branches back and forth). */
const OUTPUTS_KEPT_PER_BUILD = 4;

/** One build the analysis context asks for. */
export interface BuildTarget {
  id: string;
  tool: RenderedBuild['tool'];
  label: string;
  anchorUri: string;
  /** kustomize: the kustomization's folder URI; helm: the chart folder URI. */
  folderUri: string;
  /** helm only: how to render the chart. */
  release?: Omit<HelmRelease, 'chartFolder'>;
  /** The files the build reads (kustomizeRoots.ts buildInputs, or the chart's files). */
  inputs: readonly string[];
}

export interface RenderConfig {
  kustomizeCommand: string | undefined;
  helmCommand: string | undefined;
  limits: RenderLimits;
}

export type RenderState = 'idle' | 'building' | 'failed';

export interface RenderProgress {
  state: RenderState;
  /** What is being built, or what failed and why. */
  detail?: string;
}

interface Request {
  targets: readonly BuildTarget[];
  config: RenderConfig;
}

export class BuildRenderer {
  private readonly outputs = new Map<string, Map<string, RenderOutcome & { ok: true }>>();
  private timer: NodeJS.Timeout | undefined;
  private running: AbortController | undefined;
  private queue: Promise<void> = Promise.resolve();
  private latest: Request | undefined;
  /** Builds in the index now, by id. */
  private readonly inIndex = new Set<string>();
  /** The inputs key of each build as the index holds it (per Workspace: a rescan starts a new one): the same again is not set again. */
  private readonly applied = new WeakMap<object, Map<string, string>>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly log: Log,
    private readonly onProgress: (progress: RenderProgress) => void,
    /** Whether an open document has edits not saved: kustomize reads the disk, so such inputs are not cached. */
    private readonly isDirty: (uri: string) => boolean,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly debounceMs = RENDER_DEBOUNCE_MS,
  ) {}

  /** Asks for these builds (an empty list: none); the others leave the index. Debounced; the latest request wins. */
  request(targets: readonly BuildTarget[], config: RenderConfig): void {
    this.latest = { targets, config };
    this.running?.abort();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const request = this.latest!;
      this.queue = this.queue.then(() => this.run(request)).catch((error: unknown) => this.log.error('Rendering failed.', error));
    }, this.debounceMs);
    this.timer.unref();
  }

  /**
   * The outputs of builds that are not to be analysed yet (which roots collide is learnt from
   * them): run after the work queued, kept like any output, never put in the index. Failed builds are left out.
   */
  async probe(targets: readonly BuildTarget[], config: RenderConfig): Promise<Map<string, string>> {
    const outputs = new Map<string, string>();
    const controller = new AbortController();
    const run = async () => {
      for (const target of targets) {
        const outcome = await this.outcome(target, this.inputsKey(target, config), config, controller.signal);
        if (outcome.ok) outputs.set(target.id, outcome.output);
      }
    };
    this.queue = this.queue.then(run).catch((error: unknown) => this.log.error('Rendering failed.', error));
    await this.queue;
    return outputs;
  }

  /** Settles when no request is pending or running (tests and benchmarks wait on it). */
  async idle(): Promise<void> {
    while (this.timer !== undefined) await new Promise((resolve) => setTimeout(resolve, this.debounceMs));
    await this.queue;
  }

  private async run(request: Request): Promise<void> {
    if (request !== this.latest) return;
    const controller = new AbortController();
    this.running = controller;
    const wanted = new Set(request.targets.map((target) => target.id));
    for (const id of [...this.inIndex])
      if (!wanted.has(id)) {
        this.index.removeBuild(id);
        this.inIndex.delete(id);
        this.appliedIn(this.index.current()).delete(id);
      }
    const failures: string[] = [];
    for (const target of request.targets) {
      if (controller.signal.aborted) return;
      const key = this.inputsKey(target, request.config);
      const workspace = this.index.current();
      if (key !== undefined && this.applied.get(workspace)?.get(target.id) === key) continue;
      this.onProgress({ state: 'building', detail: target.label });
      const outcome = await this.outcome(target, key, request.config, controller.signal);
      if (controller.signal.aborted) return;
      if (outcome.ok) {
        this.index.setBuild({
          id: target.id,
          tool: target.tool,
          label: target.label,
          anchorUri: target.anchorUri,
          output: outcome.output,
          originBase: outcome.originBase,
          inputs: target.inputs,
        });
        this.log.info(
          outcome.durationMs === 0
            ? `${target.label}: the output kept for these inputs is used.`
            : `${target.label}: rendered in ${Math.round(outcome.durationMs)} ms.`,
        );
        if (key !== undefined) this.appliedIn(workspace).set(target.id, key);
      } else {
        const message = outcome.message;
        this.index.setBuildFailure(target, message);
        this.appliedIn(workspace).delete(target.id);
        failures.push(message);
        this.log.warning(message);
      }
      this.inIndex.add(target.id);
    }
    if (this.running === controller) this.running = undefined;
    this.onProgress(failures.length > 0 ? { state: 'failed', detail: failures.join('\n') } : { state: 'idle' });
  }

  private appliedIn(workspace: object): Map<string, string> {
    let applied = this.applied.get(workspace);
    if (!applied) this.applied.set(workspace, (applied = new Map<string, string>()));
    return applied;
  }

  private async outcome(
    target: BuildTarget,
    key: string | undefined,
    config: RenderConfig,
    signal: AbortSignal,
  ): Promise<RenderOutcome> {
    const kept = key === undefined ? undefined : this.outputs.get(target.id)?.get(key);
    if (kept) return { ...kept, durationMs: 0 };
    const outcome = await this.render(target, config, signal);
    if (outcome.ok && key !== undefined && !signal.aborted) this.keep(target.id, key, outcome);
    return outcome;
  }

  private render(target: BuildTarget, config: RenderConfig, signal: AbortSignal): Promise<RenderOutcome> {
    const folder = fileURLToPath(target.folderUri);
    const source: BuildSource =
      target.tool === 'kustomize'
        ? { tool: 'kustomize', folder }
        : { tool: 'helm', release: { chartFolder: folder, ...target.release! } };
    const commands = { kustomize: config.kustomizeCommand, helm: config.helmCommand };
    return renderBuild(source, commands, config.limits, target.label, EDITOR_KNOBS, this.env, signal);
  }

  /**
   * The content of the build's inputs as the index holds them, with how it is built. None
   * when an input has unsaved edits: the build reads the disk, so its output belongs to no text the index has.
   */
  private inputsKey(target: BuildTarget, config: RenderConfig): string | undefined {
    if (target.inputs.some((uri) => this.isDirty(uri))) return undefined;
    const workspace = this.index.current();
    const hash = createHash('sha256');
    hash.update(JSON.stringify({ config, release: target.release }));
    for (const uri of [...target.inputs].sort()) {
      hash.update(`\0${uri}\0`);
      hash.update(workspace.text(uri) ?? '\0absent');
    }
    return hash.digest('hex');
  }

  private keep(id: string, key: string, outcome: RenderOutcome & { ok: true }): void {
    const kept = this.outputs.get(id) ?? new Map<string, RenderOutcome & { ok: true }>();
    kept.delete(key);
    kept.set(key, outcome);
    while (kept.size > OUTPUTS_KEPT_PER_BUILD) kept.delete(kept.keys().next().value!);
    this.outputs.set(id, kept);
  }
}

/** What a person changes in the editor about a build. */
const EDITOR_KNOBS: Knobs = {
  kustomizeCommand: 'set netpol.kustomize.command',
  helmCommand: 'set netpol.helm.command',
  timeout: 'raise netpol.render.timeoutSeconds to give it longer',
  network: 'netpol.render.allowNetwork',
};

/** A folder URI from a path, for targets built from settings. */
export const folderUriOf = (path: string): string => pathToFileURL(path).href;
