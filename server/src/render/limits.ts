// How far a renderer may go. Rendering runs a program the workspace configures, so every run
// is bounded in time and output, and kept off the network unless the user allowed it.
export interface RenderLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  allowNetwork: boolean;
  /** kustomize's `--enable-helm` (its helmCharts generator runs helm); never on by default. */
  enableHelm: boolean;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = {
  timeoutMs: 10_000,
  maxOutputBytes: 50 * 1024 * 1024,
  allowNetwork: false,
  enableHelm: false,
};

/** `10 s`, `0.5 s`: the timeout as messages say it. */
export function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** `50 MiB`, `1.5 KiB`, `100 bytes`: the output limit as messages say it. */
export function bytesText(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024 * 1024, 'GiB'],
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}
