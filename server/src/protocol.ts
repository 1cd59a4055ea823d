// The contract between the client (client/src) and the language server (server/src/lsp):
// setting keys, command ids and every custom `netpol/*` message, declared once and
// imported by both sides so that a rename breaks the build instead of the extension.
//
// Keep this file free of `vscode` imports and engine imports: the client bundles it.

/** The configuration section every setting of the extension lives under. */
export const SETTINGS_SECTION = 'netpol';

/** Full keys of the contributed settings (package.json `contributes.configuration`). */
export const SettingKeys = {
  validationEnable: 'netpol.validation.enable',
  kubernetesVersion: 'netpol.kubernetesVersion',
  maxFileSize: 'netpol.maxFileSize',
  logLevel: 'netpol.log.level',
  traceServer: 'netpol.trace.server',
} as const;
export type SettingKey = (typeof SettingKeys)[keyof typeof SettingKeys];

export const LOG_LEVELS = ['off', 'error', 'warning', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The `netpol` section as `workspace/configuration` returns it (nested by dots),
 * before the server checks it: every field may be missing or of the wrong type.
 */
export interface RawSettings {
  validation?: { enable?: unknown };
  kubernetesVersion?: unknown;
  maxFileSize?: unknown;
  log?: { level?: unknown };
}

/** Commands the client registers; ids match package.json `contributes.commands`. */
export const CommandIds = {
  restartServer: 'netpol.restartServer',
  showOutput: 'netpol.showOutput',
} as const;
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/** Name of the client's output channel, where both the client and the server log. */
export const OUTPUT_CHANNEL_NAME = 'NetworkPolicy Navigator';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'netpol';

// Custom `netpol/*` requests and notifications: none yet. Declare each one here as
//   export namespace XRequest { export const type = new RequestType<P, R, void>('netpol/x'); }
// with a sentence saying which side sends it.
