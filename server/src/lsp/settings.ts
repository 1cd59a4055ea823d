// The settings that apply to one document: pulled from the client with
// workspace/configuration (scoped to the document), checked, cached until
// workspace/didChangeConfiguration says they changed.
import type { Connection } from 'vscode-languageserver/node';
import {
  DEFAULT_KUBERNETES_VERSION,
  formatKubernetesVersion,
  isModelledKubernetesVersion,
  modelledKubernetesVersions,
  parseKubernetesVersion,
  type KubernetesVersion,
} from '../engine/kubernetesVersion';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/manifestFiles';
import { dns1123LabelErrors } from '../engine/validate/names';
import { isPlainObject } from '../engine/values';
import { DEFAULT_NAMESPACE } from '../engine/workloads';
import {
  DEFAULT_EXPECTATION_WITNESSES,
  DEFAULT_RENDER_MAX_OUTPUT_MEGABYTES,
  DEFAULT_RENDER_TIMEOUT_SECONDS,
  PROBLEMS_SCOPES,
  SETTINGS_SECTION,
  SettingKeys,
  WORKSPACE_DIAGNOSTICS_SEVERITIES,
  type ContextSetting,
  type LogLevel,
  type ProblemsScope,
  type RawSettings,
  type WorkspaceDiagnosticsSeverity,
} from '../protocol';
import { DEFAULT_LOG_LEVEL, isLogLevel, type Log } from './log';

export interface DocumentSettings {
  validationEnabled: boolean;
  kubernetesVersion: KubernetesVersion;
  maxFileSize: number;
  workspaceDiagnosticsSeverity: WorkspaceDiagnosticsSeverity;
}

export const defaultDocumentSettings: DocumentSettings = {
  validationEnabled: true,
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  workspaceDiagnosticsSeverity: 'warning',
};

/** What the workspace scan of one folder reads, and skips. */
export interface FolderScanSettings {
  /** netpol.exclude, then the keys of files.exclude that are switched on. */
  exclude: string[];
  maxFileSize: number;
  /** netpol.extraManifests: paths of stand-in manifests (files or folders), relative to the folder or absolute, as written. */
  extraManifests: string[];
}

/** How builds of one workspace folder are rendered (netpol.kustomize.*, netpol.helm.*, netpol.render.*). */
export interface RenderSettings {
  /**
   * Whether the workspace is trusted (initializationOptions, then netpol/trustChanged): rendering runs
   * programs, so nothing renders while this is false, whatever the other fields say.
   */
  trusted: boolean;
  kustomize: {
    /** netpol.kustomize.enable. */
    enabled: boolean;
    /** netpol.kustomize.command; undefined = `kustomize` on PATH, else `kubectl kustomize`. */
    command: string | undefined;
    /** netpol.kustomize.enableHelm: `--enable-helm`. */
    enableHelm: boolean;
  };
  helm: {
    /** netpol.helm.command; undefined = `helm` on PATH. */
    command: string | undefined;
    /** netpol.helm.releases with the defaults filled in; empty = every chart with its own values.yaml. Paths as written (relative to the folder). */
    releases: HelmRelease[];
  };
  /** netpol.render.timeoutSeconds, in milliseconds. */
  timeoutMs: number;
  /** netpol.render.maxOutputMegabytes, in bytes. */
  maxOutputBytes: number;
  /** netpol.render.allowNetwork: remote resources may be fetched. */
  allowNetwork: boolean;
}

/** One netpol.helm.releases entry; `releaseName` undefined = the chart's name (from Chart.yaml). */
export interface HelmRelease {
  chart: string;
  releaseName: string | undefined;
  namespace: string;
  valuesFiles: string[];
}

/** The namespace of a release that names none, as `helm template` without `--namespace`. */
export const DEFAULT_HELM_NAMESPACE = 'default';

export const defaultRenderSettings: Omit<RenderSettings, 'trusted'> = {
  kustomize: { enabled: true, command: undefined, enableHelm: false },
  helm: { command: undefined, releases: [] },
  timeoutMs: DEFAULT_RENDER_TIMEOUT_SECONDS * 1000,
  maxOutputBytes: DEFAULT_RENDER_MAX_OUTPUT_MEGABYTES * 1024 * 1024,
  allowNetwork: false,
};

/** The netpol.contexts of one workspace folder, checked (invalid entries dropped and logged). */
export interface FolderContextSettings {
  folderUri: string;
  contexts: ContextSetting[];
}

/** netpol.expectations.*: the workspace's expectations are evaluated once per change, for every file alike (window scope). */
export interface ExpectationSettings {
  enabled: boolean;
  maxWitnesses: number;
  showCodeLens: boolean;
}

export const defaultExpectationSettings: ExpectationSettings = {
  enabled: true,
  maxWitnesses: DEFAULT_EXPECTATION_WITNESSES,
  showCodeLens: true,
};

/** The VS Code setting whose patterns the scan skips as well. */
export const FILES_EXCLUDE_SECTION = 'files.exclude';

/** The cache key of the settings read without a document scope. */
const WORKSPACE_SCOPE = '';

export class Settings {
  private readonly byUri = new Map<string, Promise<DocumentSettings>>();
  /** Invalid values already reported, so a bad setting is logged once, not once per document. */
  private readonly reported = new Set<string>();
  /** False for clients without workspace/configuration: they get the defaults. */
  private canPull = false;
  /** Clients that know nothing of workspace trust send nothing: their workspaces count as trusted. */
  private trusted = true;
  /** Read once per settings change: every settle evaluates the expectations with them. */
  private expectationSettings: Promise<ExpectationSettings> | undefined;

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

  /**
   * Settings for many documents (the closed files of netpol.problems.scope `workspace`): those not cached yet
   * are pulled in one workspace/configuration request, not one round trip each.
   */
  async forDocuments(uris: readonly string[]): Promise<DocumentSettings[]> {
    const missing = [...new Set(uris.filter((uri) => !this.byUri.has(uri)))];
    if (missing.length > 0 && this.canPull) {
      const pulled = this.connection.workspace
        .getConfiguration(missing.map((uri) => ({ scopeUri: uri, section: SETTINGS_SECTION })))
        .then((raws: unknown) => (Array.isArray(raws) ? raws : []) as Array<RawSettings | null>);
      missing.forEach((uri, i) => {
        const settings = pulled.then(
          (raws) => this.check(raws[i] ?? {}),
          (error: unknown) => {
            this.byUri.delete(uri);
            if (i === 0) this.log.error(`Could not read the settings of ${missing.length} file(s); using the defaults.`, error);
            return defaultDocumentSettings;
          },
        );
        this.byUri.set(uri, settings);
      });
    }
    return Promise.all(uris.map((uri) => this.forDocument(uri)));
  }

  /** Settings without a document scope: for what concerns the whole workspace (reachability). */
  forWorkspace(): Promise<DocumentSettings> {
    return this.forDocument(WORKSPACE_SCOPE);
  }

  /** From initializationOptions.workspaceTrusted, then netpol/trustChanged. */
  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  get workspaceTrusted(): boolean {
    return this.trusted;
  }

  /** How the builds of a workspace folder (or, without one, of the workspace) are rendered. */
  async forRendering(folderUri?: string): Promise<RenderSettings> {
    const trusted = this.trusted;
    if (!this.canPull) return { ...defaultRenderSettings, trusted };
    let raw: RawSettings;
    try {
      raw = ((await this.connection.workspace.getConfiguration({
        ...(folderUri === undefined ? {} : { scopeUri: folderUri }),
        section: SETTINGS_SECTION,
      })) ?? {}) as RawSettings;
    } catch (error) {
      this.log.error(`Could not read the rendering settings${folderUri ? ` of ${folderUri}` : ''}; using the defaults.`, error);
      return { ...defaultRenderSettings, trusted };
    }
    const defaults = defaultRenderSettings;
    return {
      trusted,
      kustomize: {
        enabled: this.checkBoolean(SettingKeys.kustomizeEnable, raw.kustomize?.enable, defaults.kustomize.enabled),
        command: this.checkCommand(SettingKeys.kustomizeCommand, raw.kustomize?.command),
        enableHelm: this.checkBoolean(SettingKeys.kustomizeEnableHelm, raw.kustomize?.enableHelm, defaults.kustomize.enableHelm),
      },
      helm: {
        command: this.checkCommand(SettingKeys.helmCommand, raw.helm?.command),
        releases: this.checkHelmReleases(raw.helm?.releases),
      },
      timeoutMs:
        this.checkPositive(SettingKeys.renderTimeoutSeconds, raw.render?.timeoutSeconds, DEFAULT_RENDER_TIMEOUT_SECONDS) * 1000,
      maxOutputBytes:
        this.checkPositive(
          SettingKeys.renderMaxOutputMegabytes,
          raw.render?.maxOutputMegabytes,
          DEFAULT_RENDER_MAX_OUTPUT_MEGABYTES,
        ) *
        1024 *
        1024,
      allowNetwork: this.checkBoolean(SettingKeys.renderAllowNetwork, raw.render?.allowNetwork, defaults.allowNetwork),
    };
  }

  /** netpol.contexts of each workspace folder (scoped to it: each repository commits its own). */
  async contexts(folderUris: readonly string[]): Promise<FolderContextSettings[]> {
    if (!this.canPull || folderUris.length === 0) return [];
    let raws: Array<RawSettings | null>;
    try {
      raws = (await this.connection.workspace.getConfiguration(
        folderUris.map((scopeUri) => ({ scopeUri, section: SETTINGS_SECTION })),
      )) as Array<RawSettings | null>;
    } catch (error) {
      this.log.error('Could not read netpol.contexts; only the contexts found in the workspace are offered.', error);
      return [];
    }
    return folderUris.map((folderUri, i) => ({ folderUri, contexts: this.checkContexts(raws[i]?.contexts) }));
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  invalidate(): void {
    this.byUri.clear();
    this.expectationSettings = undefined;
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

  /** netpol.defaultNamespace: one namespace for the one workspace index, read without a scope. */
  async defaultNamespace(): Promise<string> {
    if (!this.canPull) return DEFAULT_NAMESPACE;
    try {
      const raw = ((await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION })) ?? {}) as RawSettings;
      const value = raw.defaultNamespace;
      if (value === undefined || value === null) return DEFAULT_NAMESPACE;
      // A namespace name is an RFC 1123 label, as for --default-namespace: anything else would place objects nowhere kubectl could.
      if (typeof value === 'string' && dns1123LabelErrors(value).length === 0) return value;
      this.reportInvalid(SettingKeys.defaultNamespace, value, DEFAULT_NAMESPACE);
    } catch (error) {
      this.log.error('Could not read the default namespace; using the default.', error);
    }
    return DEFAULT_NAMESPACE;
  }

  /** netpol.problems.scope: which files get diagnostics is decided for the whole workspace, read without a scope. */
  async problemsScope(): Promise<ProblemsScope> {
    if (!this.canPull) return 'auto';
    try {
      const raw = ((await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION })) ?? {}) as RawSettings;
      const value = raw.problems?.scope;
      if (value === undefined || value === null) return 'auto';
      if ((PROBLEMS_SCOPES as readonly unknown[]).includes(value)) return value as ProblemsScope;
      this.reportInvalid(SettingKeys.problemsScope, value, 'auto');
    } catch (error) {
      this.log.error('Could not read netpol.problems.scope; using auto.', error);
    }
    return 'auto';
  }

  /** netpol.expectations.*, read without a scope and kept until the settings change. */
  expectations(): Promise<ExpectationSettings> {
    return (this.expectationSettings ??= this.pullExpectations());
  }

  private async pullExpectations(): Promise<ExpectationSettings> {
    if (!this.canPull) return defaultExpectationSettings;
    let raw: RawSettings['expectations'];
    try {
      raw = (((await this.connection.workspace.getConfiguration({ section: SETTINGS_SECTION })) ?? {}) as RawSettings)
        .expectations;
    } catch (error) {
      this.expectationSettings = undefined;
      this.log.error('Could not read the netpol.expectations settings; using the defaults.', error);
      return defaultExpectationSettings;
    }
    const defaults = defaultExpectationSettings;
    const maxWitnesses = this.checkPositive(SettingKeys.expectationsMaxWitnesses, raw?.maxWitnesses, defaults.maxWitnesses);
    return {
      enabled: this.checkBoolean(SettingKeys.expectationsEnable, raw?.enable, defaults.enabled),
      maxWitnesses: Math.floor(maxWitnesses) >= 1 ? Math.floor(maxWitnesses) : defaults.maxWitnesses,
      showCodeLens: this.checkBoolean(SettingKeys.expectationsShowCodeLens, raw?.showCodeLens, defaults.showCodeLens),
    };
  }

  /** The exclude patterns and size limit for scanning one workspace folder (scoped to it). */
  async forFolder(folderUri: string): Promise<FolderScanSettings> {
    if (!this.canPull) return { exclude: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, extraManifests: [] };
    let raw: RawSettings = {};
    let filesExclude: unknown;
    try {
      const [netpol, files] = (await this.connection.workspace.getConfiguration([
        { scopeUri: folderUri, section: SETTINGS_SECTION },
        { scopeUri: folderUri, section: FILES_EXCLUDE_SECTION },
      ])) as [RawSettings | null, unknown];
      raw = netpol ?? {};
      filesExclude = files;
    } catch (error) {
      this.log.error(`Could not read the exclude settings of ${folderUri}; nothing extra is excluded.`, error);
    }
    const exclude: string[] = [];
    if (Array.isArray(raw.exclude) && raw.exclude.every((p) => typeof p === 'string')) exclude.push(...raw.exclude);
    else if (raw.exclude !== undefined && raw.exclude !== null) this.reportInvalid(SettingKeys.exclude, raw.exclude, '[]');
    // files.exclude maps patterns to true, false or a sibling condition; only plain true excludes for sure.
    if (typeof filesExclude === 'object' && filesExclude !== null) {
      for (const [pattern, on] of Object.entries(filesExclude)) if (on === true) exclude.push(pattern);
    }
    return {
      exclude,
      maxFileSize: this.checkMaxFileSize(raw.maxFileSize),
      extraManifests: this.checkExtraManifests(raw.extraManifests),
    };
  }

  private async pull(uri: string): Promise<DocumentSettings> {
    if (!this.canPull) return defaultDocumentSettings;
    try {
      const scope = uri === WORKSPACE_SCOPE ? {} : { scopeUri: uri };
      const raw = ((await this.connection.workspace.getConfiguration({ ...scope, section: SETTINGS_SECTION })) ??
        {}) as RawSettings;
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
    if (enable !== undefined && typeof enable !== 'boolean')
      this.reportInvalid(SettingKeys.validationEnable, enable, String(validationEnabled));

    let kubernetesVersion = defaultDocumentSettings.kubernetesVersion;
    if (version !== undefined && version !== null) {
      const parsed = typeof version === 'string' ? parseKubernetesVersion(version) : undefined;
      if (parsed && isModelledKubernetesVersion(parsed)) kubernetesVersion = parsed;
      else
        this.reportInvalid(
          SettingKeys.kubernetesVersion,
          version,
          formatKubernetesVersion(kubernetesVersion),
          parsed ? `the rules of Kubernetes ${modelledKubernetesVersions()} are modelled` : undefined,
        );
    }

    const severity = raw.workspaceDiagnostics?.severity;
    let workspaceDiagnosticsSeverity = defaultDocumentSettings.workspaceDiagnosticsSeverity;
    if (severity !== undefined && severity !== null) {
      if ((WORKSPACE_DIAGNOSTICS_SEVERITIES as readonly unknown[]).includes(severity))
        workspaceDiagnosticsSeverity = severity as WorkspaceDiagnosticsSeverity;
      else this.reportInvalid(SettingKeys.workspaceDiagnosticsSeverity, severity, workspaceDiagnosticsSeverity);
    }

    return {
      validationEnabled,
      kubernetesVersion,
      maxFileSize: this.checkMaxFileSize(maxFileSize),
      workspaceDiagnosticsSeverity,
    };
  }

  private checkExtraManifests(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value) && value.every((path) => typeof path === 'string')) return value.filter((path) => path !== '');
    this.reportInvalid(SettingKeys.extraManifests, value, '[]');
    return [];
  }

  private checkBoolean(key: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    this.reportInvalid(key, value, String(fallback));
    return fallback;
  }

  /** A program setting: empty means "find it", anything but a string is refused. */
  private checkCommand(key: string, value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
    this.reportInvalid(key, value, 'the program found on PATH');
    return undefined;
  }

  private checkPositive(key: string, value: unknown, fallback: number): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    this.reportInvalid(key, value, String(fallback));
    return fallback;
  }

  /** Entries that cannot be read are dropped one by one, each logged: the others still render. */
  private checkHelmReleases(value: unknown): HelmRelease[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.reportInvalid(SettingKeys.helmReleases, value, '[] (every chart with its own values.yaml)');
      return [];
    }
    const releases: HelmRelease[] = [];
    for (const entry of value as unknown[]) {
      const release = isPlainObject(entry) ? entry : undefined;
      const chart = release?.chart;
      const releaseName = release?.releaseName;
      const namespace = release?.namespace;
      const valuesFiles = release?.valuesFiles;
      const valid =
        typeof chart === 'string' &&
        chart.trim() !== '' &&
        (releaseName === undefined || (typeof releaseName === 'string' && releaseName.trim() !== '')) &&
        (namespace === undefined || (typeof namespace === 'string' && dns1123LabelErrors(namespace).length === 0)) &&
        (valuesFiles === undefined || (Array.isArray(valuesFiles) && valuesFiles.every((f) => typeof f === 'string')));
      if (!valid) {
        this.reportInvalid(
          SettingKeys.helmReleases,
          entry,
          'nothing for that entry',
          'an entry is { "chart": folder, "releaseName"?: name, "namespace"?: namespace, "valuesFiles"?: [files] }',
        );
        continue;
      }
      releases.push({
        chart,
        releaseName: typeof releaseName === 'string' ? releaseName.trim() : undefined,
        namespace: typeof namespace === 'string' ? namespace : DEFAULT_HELM_NAMESPACE,
        valuesFiles: Array.isArray(valuesFiles) ? valuesFiles.filter((f) => f !== '') : [],
      });
    }
    return releases;
  }

  private checkContexts(value: unknown): ContextSetting[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.reportInvalid(SettingKeys.contexts, value, '[]');
      return [];
    }
    const contexts: ContextSetting[] = [];
    const isStrings = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === 'string');
    for (const entry of value as unknown[]) {
      const context = isPlainObject(entry) ? entry : undefined;
      const name = typeof context?.name === 'string' ? context.name.trim() : '';
      const { builds, folders } = context ?? {};
      if (name === '' || !isStrings(builds) || (folders !== undefined && !isStrings(folders))) {
        this.reportInvalid(
          SettingKeys.contexts,
          entry,
          'nothing for that entry',
          'an entry is { "name": text, "builds": [folders], "folders"?: [folders] }',
        );
        continue;
      }
      if (contexts.some((known) => known.name === name)) {
        this.reportInvalid(SettingKeys.contexts, entry, 'the first context of that name', `another context is named "${name}"`);
        continue;
      }
      const paths = (list: string[]) => list.map((path) => path.trim()).filter((path) => path !== '');
      contexts.push({ name, builds: paths(builds), ...(folders === undefined ? {} : { folders: paths(folders) }) });
    }
    return contexts;
  }

  private checkMaxFileSize(maxFileSize: unknown): number {
    if (maxFileSize === undefined || maxFileSize === null) return defaultDocumentSettings.maxFileSize;
    if (typeof maxFileSize === 'number' && Number.isFinite(maxFileSize) && maxFileSize > 0) return maxFileSize;
    this.reportInvalid(SettingKeys.maxFileSize, maxFileSize, String(defaultDocumentSettings.maxFileSize));
    return defaultDocumentSettings.maxFileSize;
  }

  private reportInvalid(key: string, value: unknown, fallback: string, why?: string): void {
    const shown = JSON.stringify(value) ?? String(value);
    if (this.reported.has(`${key}=${shown}`)) return;
    this.reported.add(`${key}=${shown}`);
    this.log.warning(`Setting ${key} has an invalid value ${shown}${why ? ` (${why})` : ''}; using ${fallback}.`);
  }
}
