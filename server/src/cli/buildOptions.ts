// The options that ask for rendered builds: `-k DIR` as `kubectl apply -k DIR`, `--helm CHART`
// as `helm template`, and how to run the tools. Parsed once into typed requests.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DEFAULT_RENDER_LIMITS, type HelmRelease, type RenderLimits } from '../render';
import { chartNameOf } from '../engine/helmCharts';
import { KUSTOMIZATION_FILE_NAMES } from '../engine/kustomizations';
import type { OptionHelp } from './options';
import { UsageError } from './usage';

export const buildOptionSpecs = {
  kustomize: { type: 'string', short: 'k', multiple: true },
  'kustomize-command': { type: 'string' },
  helm: { type: 'string', multiple: true },
  values: { type: 'string', multiple: true },
  'release-name': { type: 'string' },
  'release-namespace': { type: 'string' },
  'helm-command': { type: 'string' },
  'render-timeout': { type: 'string' },
  'allow-network': { type: 'boolean' },
} as const;

export const buildOptionHelp: OptionHelp[] = [
  {
    flag: '-k, --kustomize DIR',
    description:
      'analyse what `kubectl apply -k DIR` would create, rendered by the real kustomize (repeatable; combinable with paths)',
  },
  {
    flag: '--kustomize-command CMD',
    description:
      'how to run kustomize, e.g. "kustomize" or "kubectl kustomize" (default: kustomize on PATH, else kubectl kustomize)',
  },
  { flag: '--helm CHART', description: 'analyse what `helm template` renders from the chart folder (repeatable)' },
  { flag: '--values FILE', description: 'a values file for the --helm chart before it (repeatable)' },
  { flag: '--release-name NAME', description: "release name for the --helm chart before it (default: the chart's name)" },
  {
    flag: '--release-namespace NS',
    description:
      'release namespace for the --helm chart before it (default: --default-namespace); check and explain also take --namespace',
  },
  { flag: '--helm-command CMD', description: 'how to run helm (default: helm on PATH)' },
  {
    flag: '--render-timeout SECONDS',
    description: `give up on a build after this long (default: ${DEFAULT_RENDER_LIMITS.timeoutMs / 1000})`,
  },
  { flag: '--allow-network', description: 'let kustomize fetch remote resources (off: they fail with its message)' },
];

/** The same, for the commands where `--namespace` is not helm's (reach filters by it; test and diff take none). */
export const buildOptionHelpWithoutNamespaceAlias: OptionHelp[] = buildOptionHelp.map((option) =>
  option.flag.startsWith('--release-namespace')
    ? { ...option, description: 'release namespace for the --helm chart before it (default: --default-namespace)' }
    : option,
);

export type BuildRequest =
  | { tool: 'kustomize'; folder: string; kustomizationFile: string; displayPath: string }
  | { tool: 'helm'; release: HelmRelease; displayPath: string };

export interface BuildOptions {
  requests: BuildRequest[];
  kustomizeCommand: string | undefined;
  helmCommand: string | undefined;
  limits: RenderLimits;
}

type BuildValues = {
  kustomize?: string[];
  'kustomize-command'?: string;
  'helm-command'?: string;
  'render-timeout'?: string;
  'allow-network'?: boolean;
};

/** An option token as node's parseArgs reports it with `tokens: true`. */
interface OptionToken {
  kind: string;
  name?: string;
  value?: string | undefined;
}

/**
 * The builds a command line asks for, in its order. `--values`, `--release-name` and
 * `--namespace` belong to the `--helm` before them, as helm's flags belong to its chart.
 */
/** Whether the command line names a build (-k, --helm), before any is resolved against a folder. */
export const namesBuilds = (tokens: readonly OptionToken[]): boolean =>
  tokens.some((t) => t.kind === 'option' && (t.name === 'kustomize' || t.name === 'helm'));

export function resolveBuildOptions(
  command: string,
  values: BuildValues,
  tokens: readonly OptionToken[],
  cwd: string,
  defaultNamespace: string,
  /** Whether `--namespace` is the release namespace (check, explain); reach filters by namespace with it. */
  namespaceIsRelease = true,
): BuildOptions {
  const requests: BuildRequest[] = [];
  let chart: { tool: 'helm'; release: HelmRelease & { valuesFiles: string[] }; displayPath: string } | undefined;
  for (const token of tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    switch (token.name) {
      case 'kustomize':
        requests.push(kustomizeRequest(command, token.value, cwd));
        break;
      case 'helm':
        chart = helmRequest(command, token.value, cwd, defaultNamespace);
        requests.push(chart);
        break;
      case 'values':
      case 'release-name':
      case 'namespace':
      case 'release-namespace': {
        // In reach, --namespace filters the connections; in check and explain it is the release namespace, as in helm.
        if (token.name === 'namespace' && !namespaceIsRelease) break;
        const flag = `--${token.name}`;
        if (!chart) throw new UsageError(`${flag} belongs to a --helm CHART given before it`, command);
        if (token.name === 'values') chart.release.valuesFiles.push(existingFile(command, flag, token.value, cwd));
        else if (token.name === 'release-name') chart.release.releaseName = token.value;
        else chart.release.namespace = token.value;
        break;
      }
    }
  }
  return {
    requests,
    kustomizeCommand: values['kustomize-command'],
    helmCommand: values['helm-command'],
    limits: {
      ...DEFAULT_RENDER_LIMITS,
      timeoutMs: resolveTimeout(command, values['render-timeout']),
      allowNetwork: values['allow-network'] === true,
    },
  };
}

function kustomizeRequest(command: string, path: string, cwd: string): BuildRequest {
  const folder = resolve(cwd, path);
  if (!isDirectory(folder)) throw new UsageError(`-k ${path}: not a directory`, command);
  const file = KUSTOMIZATION_FILE_NAMES.map((name) => join(folder, name)).find((candidate) => existsSync(candidate));
  if (!file) throw new UsageError(`-k ${path}: no ${KUSTOMIZATION_FILE_NAMES.join(', ')} in it`, command);
  return { tool: 'kustomize', folder, kustomizationFile: file, displayPath: path };
}

function helmRequest(
  command: string,
  path: string,
  cwd: string,
  namespace: string,
): { tool: 'helm'; release: HelmRelease & { valuesFiles: string[] }; displayPath: string } {
  const chartFolder = resolve(cwd, path);
  const chartFile = join(chartFolder, 'Chart.yaml');
  if (!isDirectory(chartFolder) || !existsSync(chartFile))
    throw new UsageError(`--helm ${path}: not a chart folder (no Chart.yaml in it)`, command);
  return {
    tool: 'helm',
    release: { chartFolder, releaseName: chartName(chartFile), namespace, valuesFiles: [] },
    displayPath: path,
  };
}

/** `name:` of Chart.yaml, as helm names the release by default here; the folder's name when it cannot be read. */
function chartName(chartFile: string): string {
  try {
    const name = chartNameOf(readFileSync(chartFile, 'utf8'));
    if (name) return name;
  } catch {
    // The folder's name will do: helm itself reports an unreadable Chart.yaml.
  }
  return basename(resolve(chartFile, '..'));
}

function existingFile(command: string, flag: string, path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) throw new UsageError(`${flag} ${path}: no such file`, command);
  return absolute;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function resolveTimeout(command: string, text: string | undefined): number {
  if (text === undefined) return DEFAULT_RENDER_LIMITS.timeoutMs;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds > 0)) throw new UsageError(`--render-timeout must be a positive number of seconds, not "${text}"`, command);
  return Math.round(seconds * 1000);
}
