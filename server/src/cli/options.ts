// Options shared by the subcommands: declared once, parsed once, validated into typed values.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  DEFAULT_KUBERNETES_VERSION,
  formatKubernetesVersion,
  isModelledKubernetesVersion,
  modelledKubernetesVersions,
  parseKubernetesVersion,
  type KubernetesVersion,
} from '../engine/kubernetesVersion';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/manifestFiles';
import { UsageError } from './usage';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface OptionHelp {
  flag: string;
  description: string;
}

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** Options every analysing subcommand (check, and later reach, explain) accepts. */
export const commonOptionSpecs = {
  format: { type: 'string' },
  'kubernetes-version': { type: 'string' },
  'max-file-size': { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

export const commonOptionHelp: OptionHelp[] = [
  { flag: '--format text|json|sarif', description: 'output format (default: text)' },
  {
    flag: '--kubernetes-version 1.N',
    description: `Kubernetes release whose API-server rules apply, ${modelledKubernetesVersions()} (default: ${formatKubernetesVersion(DEFAULT_KUBERNETES_VERSION)})`,
  },
  { flag: '--max-file-size BYTES', description: `files larger than this are not analysed (default: ${DEFAULT_MAX_FILE_SIZE})` },
  { flag: '--no-color', description: 'no colours even on a terminal (NO_COLOR in the environment does the same)' },
  { flag: '-h, --help', description: 'show this help' },
];

export interface CommonOptions {
  format: Format;
  kubernetesVersion: KubernetesVersion;
  maxFileSize: number;
  noColor: boolean;
}

/** Strict parsing: an unknown option or a missing option value is a usage error of `command`. */
export function parseCommandLine<Specs extends OptionSpecs>(command: string, args: string[], options: Specs) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), command);
  }
}

type CommonValues = {
  [K in keyof typeof commonOptionSpecs]?: (typeof commonOptionSpecs)[K]['type'] extends 'boolean' ? boolean : string;
};

export function resolveCommonOptions(command: string, values: CommonValues): CommonOptions {
  return {
    format: resolveFormat(command, values.format),
    kubernetesVersion: resolveKubernetesVersion(command, values['kubernetes-version']),
    maxFileSize: resolveMaxFileSize(command, values['max-file-size']),
    noColor: values['no-color'] === true,
  };
}

function resolveFormat(command: string, text: string | undefined): Format {
  if (text === undefined) return 'text';
  const format = FORMATS.find((name) => name === text);
  if (!format) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${text}"`, command);
  return format;
}

function resolveKubernetesVersion(command: string, text: string | undefined): KubernetesVersion {
  if (text === undefined) return DEFAULT_KUBERNETES_VERSION;
  const version = parseKubernetesVersion(text);
  if (!version) throw new UsageError(`--kubernetes-version must look like 1.36, not "${text}"`, command);
  if (!isModelledKubernetesVersion(version))
    throw new UsageError(
      `--kubernetes-version ${formatKubernetesVersion(version)} is not supported: the rules of Kubernetes ${modelledKubernetesVersions()} are modelled`,
      command,
    );
  return version;
}

function resolveMaxFileSize(command: string, text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_FILE_SIZE;
  const size = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(size) || size < 1)
    throw new UsageError(`--max-file-size must be a positive number of bytes, not "${text}"`, command);
  return size;
}
