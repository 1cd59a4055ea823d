// Runs the builds a command line asks for (-k, --helm) and puts what they render into
// the workspace, placed in the files it came from. A build that fails is said with the
// tool's own message: `check` reports it on the kustomization file (NP0009), the
// commands that answer about connections stop (exit 2), as an answer without it would lie.
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RenderedBuild } from '../engine/renderedBuilds';
import type { Workspace } from '../engine/workspace';
import { decodeManifestBytes } from '../engine/manifestFiles';
import { renderBuild, type BuildSource, type Knobs } from '../render';
import type { BuildOptions, BuildRequest } from './buildOptions';

/** What a person changes on the command line about a build. */
const CLI_KNOBS: Knobs = {
  kustomizeCommand: 'name it with --kustomize-command',
  helmCommand: 'name it with --helm-command',
  timeout: 'give it longer with --render-timeout SECONDS',
  network: '--allow-network',
};

export interface BuildResult {
  request: BuildRequest;
  /** What the build is, as messages name it. */
  label: string;
  /** The kustomization file or Chart.yaml the build is reported on. */
  anchorUri: string;
  /** The tool's message when the build failed. */
  failure?: string;
}

/** Renders each requested build, in order, into the workspace. */
export async function renderIntoWorkspace(
  options: BuildOptions,
  workspace: Workspace,
  env: NodeJS.ProcessEnv,
  maxFileSize: number,
): Promise<BuildResult[]> {
  const results: BuildResult[] = [];
  for (const request of options.requests) {
    const identity = buildIdentity(request);
    const source: BuildSource =
      request.tool === 'kustomize' ? { tool: 'kustomize', folder: request.folder } : { tool: 'helm', release: request.release };
    const commands = { kustomize: options.kustomizeCommand, helm: options.helmCommand };
    const outcome = await renderBuild(source, commands, options.limits, identity.label, CLI_KNOBS, env);
    if (!outcome.ok) {
      const failure = outcome.message;
      workspace.setBuildFailure(identity, failure);
      results.push({ request, label: identity.label, anchorUri: identity.anchorUri, failure });
      continue;
    }
    const build: RenderedBuild = { ...identity, output: outcome.output, originBase: outcome.originBase, inputs: [] };
    workspace.setBuild(build, (uri) => readOrigin(uri, maxFileSize));
    results.push({ request, label: identity.label, anchorUri: identity.anchorUri });
  }
  return results;
}

function buildIdentity(request: BuildRequest): Pick<RenderedBuild, 'id' | 'tool' | 'label' | 'anchorUri'> {
  if (request.tool === 'kustomize') {
    const anchorUri = pathToFileURL(request.kustomizationFile).href;
    return { id: anchorUri, tool: 'kustomize', label: `kustomize build ${request.displayPath}`, anchorUri };
  }
  const { release } = request;
  const chartUri = pathToFileURL(release.chartFolder).href;
  return {
    id: `${chartUri}#${release.releaseName}`,
    tool: 'helm',
    label: `helm template ${release.releaseName} ${request.displayPath}`,
    anchorUri: `${chartUri}/Chart.yaml`,
  };
}

/** The text of a file a build's object came from, when the command line did not name it. */
function readOrigin(uri: string, maxFileSize: number): string | undefined {
  try {
    const path = fileURLToPath(uri);
    if (statSync(path).size > maxFileSize) return undefined;
    const decoded = decodeManifestBytes(readFileSync(path));
    return 'text' in decoded ? decoded.text : undefined;
  } catch {
    return undefined;
  }
}

/** A file a build placed objects in, as the output prints it: relative to the working directory. */
export function displayPathOf(uri: string, cwd: string): string {
  const path = fileURLToPath(uri);
  const shown = relative(cwd, path);
  return shown.startsWith('..') && shown.split('/').filter((s) => s === '..').length > 2 ? path : shown || path;
}
