// The words for a run that did not end on its own, or never started: the same for every renderer.
import { bytesText, secondsText, type RenderLimits } from './limits';

export function stoppedRunText(kind: 'timeout' | 'tooMuchOutput' | 'cancelled', label: string, limits: RenderLimits): string {
  switch (kind) {
    case 'timeout':
      return `${label} did not finish in ${secondsText(limits.timeoutMs)}`;
    case 'tooMuchOutput':
      return `${label} printed more than ${bytesText(limits.maxOutputBytes)}; stopped`;
    case 'cancelled':
      return `${label} was cancelled`;
  }
}

/** `kubectl was not found`, `/opt/helm is not executable`... */
export function notStartedText(error: NodeJS.ErrnoException, program: string): string {
  if (error.code === 'ENOENT') return `${program} was not found`;
  if (error.code === 'EACCES') return `${program} is not executable`;
  return `${program} could not be started (${error.message})`;
}

/** `exited with code 3`, `was killed by SIGSEGV`. */
export function exitStatusText(code: number | null, signal: NodeJS.Signals | null): string {
  return signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
}

/**
 * What the caller can change about a failure: a build stopped by the timeout (Argo CD's kustomize
 * build takes seconds on a busy machine), or a remote resource refused because the network is off
 * (offlineEnv.ts points it at a closed proxy and keeps git local). `how` words it for the caller:
 * a flag in the CLI, a setting in the editor.
 */
export function renderRemedy(message: string, limits: RenderLimits, how: { timeout: string; network: string }): string {
  if (/ did not finish in /.test(message)) return `; ${how.timeout}`;
  if (!limits.allowNetwork && /127\.0\.0\.1:9\b|transport '[\w+-]+' not allowed/.test(message))
    return ` (remote resources are fetched only with ${how.network})`;
  return '';
}
