// The settings that apply to one document: pulled from the client with
// workspace/configuration (scoped to the document), checked, cached until
// workspace/didChangeConfiguration says they changed.
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_KUBERNETES_VERSION, formatKubernetesVersion, parseKubernetesVersion, type KubernetesVersion } from '../engine/kubernetesVersion';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/manifests';
import { SETTINGS_SECTION, SettingKeys, type LogLevel, type RawSettings } from '../protocol';
import { DEFAULT_LOG_LEVEL, isLogLevel, type Log } from './log';

export interface DocumentSettings {
  validationEnabled: boolean;
  kubernetesVersion: KubernetesVersion;
  maxFileSize: number;
}

export const defaultDocumentSettings: DocumentSettings = {
  validationEnabled: true,
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
};

export class Settings {
  private readonly byUri = new Map<string, Promise<DocumentSettings>>();
  /** Invalid values already reported, so a bad setting is logged once, not once per document. */
  private readonly reported = new Set<string>();
  /** False for clients without workspace/configuration: they get the defaults. */
  private canPull = false;

  constructor(
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  setClientSupportsConfiguration(supported: boolean): void {
    this.canPull = supported;
  }

  /** Settings for a document; pulled once, then cached until `invalidate`. */
  forDocument(uri: string): Promise<DocumentSettings> {
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.pull(uri);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  invalidate(): void {
    this.byUri.clear();
    this.reported.clear();
  }

  /** netpol.log.level is a window setting: read it without a document scope. */
  async logLevel(): Promise<LogLevel> {
    if (!this.canPull) return DEFAULT_LOG_LEVEL;
    let raw: RawSettings;
    try {
      raw = ((await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION })) ?? {}) as RawSettings;
    } catch (error) {
      this.log.error('Could not read the log level; using the default.', error);
      return DEFAULT_LOG_LEVEL;
    }
    const level = raw.log?.level;
    if (level === undefined) return DEFAULT_LOG_LEVEL;
    if (isLogLevel(level)) return level;
    this.reportInvalid(SettingKeys.logLevel, level, DEFAULT_LOG_LEVEL);
    return DEFAULT_LOG_LEVEL;
  }

  private async pull(uri: string): Promise<DocumentSettings> {
    if (!this.canPull) return defaultDocumentSettings;
    try {
      const raw = ((await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })) ?? {}) as RawSettings;
      return this.check(raw);
    } catch (error) {
      // Not cached: the next validation asks again.
      this.byUri.delete(uri);
      this.log.error(`Could not read the settings for ${uri}; using the defaults.`, error);
      return defaultDocumentSettings;
    }
  }

  private check(raw: RawSettings): DocumentSettings {
    const enable = raw.validation?.enable;
    const version = raw.kubernetesVersion;
    const maxFileSize = raw.maxFileSize;

    const validationEnabled = typeof enable === 'boolean' ? enable : defaultDocumentSettings.validationEnabled;
    if (enable !== undefined && typeof enable !== 'boolean') this.reportInvalid(SettingKeys.validationEnable, enable, String(validationEnabled));

    let kubernetesVersion = defaultDocumentSettings.kubernetesVersion;
    if (version !== undefined && version !== null) {
      const parsed = typeof version === 'string' ? parseKubernetesVersion(version) : undefined;
      if (parsed) kubernetesVersion = parsed;
      else this.reportInvalid(SettingKeys.kubernetesVersion, version, formatKubernetesVersion(kubernetesVersion));
    }

    let checkedMaxFileSize = defaultDocumentSettings.maxFileSize;
    if (maxFileSize !== undefined && maxFileSize !== null) {
      if (typeof maxFileSize === 'number' && Number.isFinite(maxFileSize) && maxFileSize > 0) checkedMaxFileSize = maxFileSize;
      else this.reportInvalid(SettingKeys.maxFileSize, maxFileSize, String(checkedMaxFileSize));
    }

    return { validationEnabled, kubernetesVersion, maxFileSize: checkedMaxFileSize };
  }

  private reportInvalid(key: string, value: unknown, fallback: string): void {
    const shown = JSON.stringify(value) ?? String(value);
    if (this.reported.has(`${key}=${shown}`)) return;
    this.reported.add(`${key}=${shown}`);
    this.log.warning(`Setting ${key} has an invalid value ${shown}; using ${fallback}.`);
  }
}
