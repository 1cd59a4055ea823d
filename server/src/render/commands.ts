// Which program renders: the command a setting or flag names, else the first tool found on PATH.
// Commands are argv prefixes; the renderers append their own arguments.
import { accessSync, constants, statSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join } from 'node:path';

/**
 * `configured` is a setting/flag value: a command line such as "kustomize", "/opt/bin/kustomize" or
 * "kubectl kustomize" (split on spaces; a bare `kustomize` gets `build` appended; `kubectl` gets
 * `kustomize`). Without it: `kustomize build` when `kustomize` is on PATH, else `kubectl kustomize`
 * when kubectl is, else undefined. Programs found on PATH are given by their absolute path.
 */
export function resolveKustomizeCommand(
  configured: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] | undefined {
  const words = commandWords(configured);
  if (words !== undefined) {
    if (words.length > 1) return words;
    const name = programName(words[0]);
    if (name === 'kustomize') return [words[0], 'build'];
    if (name === 'kubectl') return [words[0], 'kustomize'];
    return words;
  }
  const kustomize = findOnPath('kustomize', env);
  if (kustomize !== undefined) return [kustomize, 'build'];
  const kubectl = findOnPath('kubectl', env);
  if (kubectl !== undefined) return [kubectl, 'kustomize'];
  return undefined;
}

/** The configured command line (split on spaces), else `helm` found on PATH (absolute path), else undefined. */
export function resolveHelmCommand(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const words = commandWords(configured);
  if (words !== undefined) return words;
  const helm = findOnPath('helm', env);
  return helm === undefined ? undefined : [helm];
}

/** The words of a configured command; a path with spaces that names an existing file stays one word. */
function commandWords(configured: string | undefined): [string, ...string[]] | undefined {
  const trimmed = configured?.trim() ?? '';
  if (trimmed === '') return undefined;
  if (/\s/.test(trimmed) && isAbsolute(trimmed) && isExecutableFile(trimmed)) return [trimmed];
  const [first, ...rest] = trimmed.split(/\s+/);
  return [first ?? trimmed, ...rest];
}

/** `kubectl` for `/usr/bin/kubectl` and `C:\tools\kubectl.exe`. */
function programName(program: string): string {
  return basename(program.replace(/\\/g, '/'))
    .replace(/\.(exe|cmd|bat)$/i, '')
    .toLowerCase();
}

/** The absolute path of an executable `name` in env's PATH (with PATHEXT's extensions on Windows), or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = env.PATH ?? env.Path ?? '';
  const extensions = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const folder of path.split(delimiter)) {
    // A relative entry (`.`) would run whatever the workspace holds under that name.
    if (folder === '' || !isAbsolute(folder)) continue;
    for (const extension of extensions) {
      const candidate = join(folder, name + extension);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
