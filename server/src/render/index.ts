// The rendering layer's face: the one module lsp/ and cli/ import. It runs kustomize and helm as
// child processes (I/O, so not in the engine) and hands their output to the engine as it is.
export { DEFAULT_RENDER_LIMITS, type RenderLimits } from './limits';
export type { RenderOutcome } from './outcome';
export { resolveHelmCommand, resolveKustomizeCommand } from './commands';
export { renderKustomization } from './kustomize';
export { renderHelmChart, type HelmRelease } from './helm';
export { renderBuild, type BuildSource, type Knobs, type ToolCommands } from './renderBuild';
