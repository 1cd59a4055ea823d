// Diagnostics of open documents: validated at once when opened, debounced per
// document while edited, checked again when the workspace settles after a change
// (WorkspaceIndex.onDidSettle), cleared when closed. The engine does the
// validation; this file only decides when, and turns engine diagnostics into LSP
// ones. One publish per document carries both the document's own diagnostics and
// those that need the workspace.
//
// Each edit is validated once: validating applies the edit to the workspace, and
// the re-check that workspace change starts skips documents already validated
// with their text against it. A re-check of an unchanged text reruns only the
// workspace checks (NP3xxx); its own diagnostics (NP0xxx-NP2xxx) are remembered.
import { createHash } from 'node:crypto';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseManifest, type ManifestFile } from '../engine/manifests';
import type { EngineDiagnostic, Severity } from '../engine/types';
import { validateManifest } from '../engine/validate';
import { diagnosticsInWorkspace } from '../engine/validate/workspaceChecks';
import type { Workspace } from '../engine/workspace';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import { codeDescriptionOf } from './codeDocs';
import type { Log } from './log';
import type { DocumentSettings, Settings } from './settings';
import { chartDiagnostics, NO_CHART_RENDERED, type ChartRendering } from './unrenderedCharts';
import type { WorkspaceIndex } from './workspaceIndex';

/**
 * Quiet time after the last keystroke before a changed document is validated again. Short:
 * the validation after it takes tens of milliseconds on 5,000 workloads, and a newer edit's
 * ticket drops the publish of a validation it overtook.
 */
export const CHANGE_DEBOUNCE_MS = 50;

const lspSeverity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Engine ranges already are LSP ranges (0-based line, UTF-16 character): copied as they are. */
export function toLspDiagnostic(diagnostic: EngineDiagnostic): Diagnostic {
  const codeDescription = codeDescriptionOf(diagnostic.code);
  return {
    range: diagnostic.range,
    severity: lspSeverity[diagnostic.severity],
    code: diagnostic.code,
    ...(codeDescription && { codeDescription }),
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
    ...(diagnostic.related && {
      relatedInformation: diagnostic.related.map(({ uri, range, message }) => ({ location: { uri, range }, message })),
    }),
  };
}

/** The workspace a document is validated in, and the size up to which the workspace parsed its texts. */
export interface WorkspaceContext {
  workspace: Workspace;
  maxFileSize: number;
  /** Which Helm charts are rendered, and why the others are not (NP0010 on their Chart.yaml); default: none is. */
  charts?: ChartRendering;
}

/**
 * What validating one document text alone gave (NP0xxx-NP2xxx), kept per open
 * document: they depend only on the text and the settings in `key`.
 */
export interface DocumentMemo {
  text?: string;
  key?: string;
  file?: ManifestFile;
  diagnostics?: EngineDiagnostic[];
}

/** The engine's answer for one document text: the only place the server calls validation. */
export type ValidateText = (
  uri: string,
  text: string,
  settings: DocumentSettings,
  context?: WorkspaceContext,
  memo?: DocumentMemo,
) => EngineDiagnostic[];

export const validateWithEngine: ValidateText = (uri, text, settings, context, memo = {}) => {
  const indexed = context?.workspace.manifest(uri);
  // The index parsed the same text already, with a limit that made no difference: no second parse.
  const sameText = indexed !== undefined && indexed.source.text === text;
  // A Chart.yaml read later turns the same text into a chart template: the chart is part of the key.
  const helmChart = context?.workspace.helmChartOf(uri);
  // A build's input shows the build's objects, which change with the build, not with the text.
  const rendered = context?.workspace.isBuildInput(uri) ? `:${context.workspace.version}` : '';
  const key = `${settings.maxFileSize}:${JSON.stringify(settings.kubernetesVersion)}:${helmChart ?? ''}${rendered}`;
  if (memo.text !== text || memo.key !== key || !memo.file || !memo.diagnostics) {
    const file =
      sameText && text.length <= Math.min(settings.maxFileSize, context!.maxFileSize)
        ? indexed
        : parseManifest(uri, text, { maxFileSize: settings.maxFileSize, helmChart });
    Object.assign(memo, {
      text,
      key,
      file,
      diagnostics: validateManifest(file, { kubernetesVersion: settings.kubernetesVersion }),
    });
  }
  const { file, diagnostics } = memo as Required<DocumentMemo>;
  if (!context || !sameText) return [...diagnostics];
  return [
    ...diagnosticsInWorkspace(diagnostics, file, context.workspace, settings.workspaceDiagnosticsSeverity),
    // A Chart.yaml mentions no NetworkPolicy, but a chart not rendered must say what it leaves out.
    ...chartDiagnostics(uri, context.workspace, context.charts ?? NO_CHART_RENDERED),
  ];
};

/** The diagnostics of files that are not open (netpol.problems.scope, workspaceProblems.ts), as the publisher hands documents over. */
export interface ClosedFileProblems {
  /** Whether a closed document keeps its diagnostics. */
  readonly coversClosedFiles: boolean;
  documentOpened(uri: string): void;
  /** `published`: the diagnostics (JSON) the document showed when it was closed. */
  documentClosed(uri: string, published: string | undefined): void;
  /** The workspace settled or the settings changed: every closed file is checked again. */
  refresh(): Promise<void>;
}

export interface PublisherOptions {
  debounceMs?: number;
  validate?: ValidateText;
  /** The workspace documents are checked against (NP3xxx); without it, documents are validated alone. */
  workspace?: WorkspaceIndex;
  /** Which Helm charts are rendered now (NP0010 on the others' Chart.yaml); default: none. */
  charts?: () => ChartRendering;
  /** Diagnostics of the files that are not open; default: none (only open documents have diagnostics). */
  closedFiles?: ClosedFileProblems;
}

/** What the publisher knows of one open document. */
interface DocumentState {
  /** The edit debounce, while one is pending. */
  timer?: NodeJS.Timeout;
  /** Hash of the text the document was last validated with: a change that restores it costs nothing. */
  validatedText?: string;
  /**
   * Taken by every validation. A validation that finds another ticket after awaiting the
   * settings publishes nothing: a newer one owns the document (or it was closed, its state gone).
   */
  ticket?: number;
  /** `version:diagnostics` last published, so a workspace re-check that changes nothing publishes nothing. */
  published?: string;
  /** `change count:text hash` of the last completed validation: a re-check with both unchanged has nothing new to find. */
  checkedAgainst?: string;
  memo: DocumentMemo;
}

export class DiagnosticsPublisher {
  private readonly states = new Map<string, DocumentState>();
  /** Tickets are unique across documents, so a document closed and opened again cannot meet an old one. */
  private lastTicket = 0;

  private readonly debounceMs: number;
  private readonly validateText: ValidateText;
  private readonly workspace: WorkspaceIndex | undefined;
  private readonly charts: () => ChartRendering;
  private readonly closedFiles: ClosedFileProblems | undefined;

  constructor(
    private readonly connection: Pick<Connection, 'sendDiagnostics'>,
    private readonly settings: Pick<Settings, 'forDocument'>,
    private readonly log: Log,
    private readonly currentDocument: (uri: string) => TextDocument | undefined,
    options: PublisherOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? CHANGE_DEBOUNCE_MS;
    this.validateText = options.validate ?? validateWithEngine;
    this.workspace = options.workspace;
    this.charts = options.charts ?? (() => NO_CHART_RENDERED);
    this.closedFiles = options.closedFiles;
  }

  /**
   * The workspace settled after a change (a file on disk, another open document, the
   * scan): the open documents are checked again, and only those whose diagnostics
   * differ are published. Documents whose own edit is pending wait for it instead.
   */
  recheck(openDocuments: readonly TextDocument[]): void {
    for (const document of openDocuments) {
      if (!this.states.get(document.uri)?.timer && !this.checkedAgainstCurrentWorkspace(document)) {
        void this.validate(document, true);
      }
    }
    void this.closedFiles?.refresh();
  }

  /** Opened documents (and every document after a settings change): no waiting. */
  validateNow(document: TextDocument): Promise<void> {
    this.cancelTimer(document.uri);
    this.closedFiles?.documentOpened(document.uri);
    return this.validate(document);
  }

  /** Edited documents: validated once the edits pause, with the text they have then. */
  validateSoon(document: TextDocument): void {
    const uri = document.uri;
    const state = this.stateOf(uri);
    if (!state.timer && state.validatedText === hash(document.getText())) return;
    this.cancelTimer(uri);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      const latest = this.currentDocument(uri);
      if (latest && this.states.get(uri)?.validatedText !== hash(latest.getText())) void this.validate(latest);
    }, this.debounceMs);
  }

  /**
   * Closed documents: no pending validation publishes later; their diagnostics disappear, or stay
   * when the closed files have diagnostics too (netpol.problems.scope), until their file on disk is checked.
   */
  clear(uri: string): void {
    this.cancelTimer(uri);
    const published = this.states.get(uri)?.published;
    this.states.delete(uri);
    if (this.closedFiles?.coversClosedFiles) this.closedFiles.documentClosed(uri, published?.slice(published.indexOf(':') + 1));
    else this.publish(uri, [], undefined);
  }

  /** After a settings change: forget what was validated and validate every open document again. */
  revalidate(documents: readonly TextDocument[]): void {
    for (const state of this.states.values()) {
      state.validatedText = undefined;
      state.checkedAgainst = undefined;
    }
    for (const document of documents) void this.validateNow(document);
    void this.closedFiles?.refresh();
  }

  private checkedAgainstCurrentWorkspace(document: TextDocument): boolean {
    return (
      this.workspace !== undefined &&
      this.states.get(document.uri)?.checkedAgainst === `${this.workspace.changes}:${hash(document.getText())}`
    );
  }

  private async validate(document: TextDocument, onlyIfChanged = false): Promise<void> {
    // Incremental sync updates TextDocument objects in place: take the text before awaiting.
    const { uri, version } = document;
    const text = document.getText();
    const state = this.stateOf(uri);
    const ticket = (state.ticket = ++this.lastTicket);
    const textHash = hash(text);
    state.validatedText = textHash;

    let settings: DocumentSettings;
    try {
      settings = await this.settings.forDocument(uri);
    } catch (error) {
      this.log.error(`No settings for ${uri}; it is not validated.`, error);
      return;
    }
    if (this.states.get(uri)?.ticket !== ticket) return;
    // Stand-ins (netpol.extraManifests) are read for what they declare, never reported on.
    if (!settings.validationEnabled || this.workspace?.isStandIn(uri)) {
      if (onlyIfChanged && state.published === `${version}:[]`) return;
      state.published = `${version}:[]`;
      this.publish(uri, [], version);
      return;
    }
    let diagnostics: Diagnostic[];
    try {
      // Applies pending edits, this document's included; the re-check that change starts skips this document.
      const workspace = this.workspace?.current();
      const context =
        workspace && this.workspace!.scanned
          ? { workspace, maxFileSize: this.workspace!.maxFileSize, charts: this.charts() }
          : undefined;
      diagnostics = this.validateText(uri, text, settings, context, state.memo).map(toLspDiagnostic);
      if (this.workspace) state.checkedAgainst = `${this.workspace.changes}:${textHash}`;
    } catch (error) {
      this.log.error(`Validation of ${uri} failed; its diagnostics are left as they were.`, error);
      return;
    }
    const published = `${version}:${JSON.stringify(diagnostics)}`;
    if (onlyIfChanged && state.published === published) return;
    state.published = published;
    this.log.debug(() => `${uri} v${version}: ${diagnostics.length} diagnostic(s)`);
    this.publish(uri, diagnostics, version);
  }

  private publish(uri: string, diagnostics: Diagnostic[], version: number | undefined): void {
    this.connection
      .sendDiagnostics({ uri, version, diagnostics })
      .catch((error: unknown) => this.log.error(`Could not publish diagnostics for ${uri}.`, error));
  }

  private stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) this.states.set(uri, (state = { memo: {} }));
    return state;
  }

  private cancelTimer(uri: string): void {
    const state = this.states.get(uri);
    if (!state) return;
    clearTimeout(state.timer);
    state.timer = undefined;
  }
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
