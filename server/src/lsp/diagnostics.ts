// Diagnostics of open documents: validated at once when opened, debounced per
// document while edited, cleared when closed. The engine does the validation;
// this file only decides when, and turns engine diagnostics into LSP ones.
import { createHash } from 'node:crypto';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseManifest } from '../engine/manifests';
import type { EngineDiagnostic, Severity } from '../engine/types';
import { validateManifest } from '../engine/validate';
import { DIAGNOSTIC_SOURCE } from '../protocol';
import type { Log } from './log';
import type { DocumentSettings, Settings } from './settings';

/** Quiet time after the last keystroke before a changed document is validated again. */
export const CHANGE_DEBOUNCE_MS = 200;

const lspSeverity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Engine ranges already are LSP ranges (0-based line, UTF-16 character): copied as they are. */
export function toLspDiagnostic(diagnostic: EngineDiagnostic): Diagnostic {
  return {
    range: diagnostic.range,
    severity: lspSeverity[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  };
}

/** The engine's answer for one document text: the only place the server calls validation. */
export type ValidateText = (uri: string, text: string, settings: DocumentSettings) => EngineDiagnostic[];

export const validateWithEngine: ValidateText = (uri, text, settings) =>
  validateManifest(parseManifest(uri, text, { maxFileSize: settings.maxFileSize }), { kubernetesVersion: settings.kubernetesVersion });

export interface PublisherOptions {
  debounceMs?: number;
  validate?: ValidateText;
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Hash of the text each document was last validated with: a change that restores it costs nothing. */
  private readonly validatedText = new Map<string, string>();
  /**
   * Bumped by every validation and by close. A validation that finds its ticket
   * outdated after awaiting the settings publishes nothing: a newer one owns the document.
   */
  private readonly tickets = new Map<string, number>();

  private readonly debounceMs: number;
  private readonly validateText: ValidateText;

  constructor(
    private readonly connection: Pick<Connection, 'sendDiagnostics'>,
    private readonly settings: Pick<Settings, 'forDocument'>,
    private readonly log: Log,
    private readonly currentDocument: (uri: string) => TextDocument | undefined,
    options: PublisherOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? CHANGE_DEBOUNCE_MS;
    this.validateText = options.validate ?? validateWithEngine;
  }

  /** Opened documents (and every document after a settings change): no waiting. */
  validateNow(document: TextDocument): Promise<void> {
    this.cancelTimer(document.uri);
    return this.validate(document);
  }

  /** Edited documents: validated once the edits pause, with the text they have then. */
  validateSoon(document: TextDocument): void {
    const uri = document.uri;
    if (!this.timers.has(uri) && this.validatedText.get(uri) === hash(document.getText())) return;
    this.cancelTimer(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        const latest = this.currentDocument(uri);
        if (latest && this.validatedText.get(uri) !== hash(latest.getText())) void this.validate(latest);
      }, this.debounceMs),
    );
  }

  /** Closed documents: their diagnostics disappear, and no pending validation publishes later. */
  clear(uri: string): void {
    this.cancelTimer(uri);
    this.nextTicket(uri);
    this.validatedText.delete(uri);
    this.publish(uri, [], undefined);
  }

  /** After a settings change: forget what was validated and validate every open document again. */
  revalidate(documents: readonly TextDocument[]): void {
    this.validatedText.clear();
    for (const document of documents) void this.validateNow(document);
  }

  private async validate(document: TextDocument): Promise<void> {
    // Incremental sync updates TextDocument objects in place: take the text before awaiting.
    const { uri, version } = document;
    const text = document.getText();
    const ticket = this.nextTicket(uri);
    this.validatedText.set(uri, hash(text));

    let settings: DocumentSettings;
    try {
      settings = await this.settings.forDocument(uri);
    } catch (error) {
      this.log.error(`No settings for ${uri}; it is not validated.`, error);
      return;
    }
    if (this.tickets.get(uri) !== ticket) return;
    if (!settings.validationEnabled) {
      this.publish(uri, [], version);
      return;
    }
    let diagnostics: Diagnostic[];
    try {
      diagnostics = this.validateText(uri, text, settings).map(toLspDiagnostic);
    } catch (error) {
      this.log.error(`Validation of ${uri} failed; its diagnostics are left as they were.`, error);
      return;
    }
    this.log.debug(() => `${uri} v${version}: ${diagnostics.length} diagnostic(s)`);
    this.publish(uri, diagnostics, version);
  }

  private publish(uri: string, diagnostics: Diagnostic[], version: number | undefined): void {
    this.connection.sendDiagnostics({ uri, version, diagnostics }).catch((error: unknown) => this.log.error(`Could not publish diagnostics for ${uri}.`, error));
  }

  private nextTicket(uri: string): number {
    const ticket = (this.tickets.get(uri) ?? 0) + 1;
    this.tickets.set(uri, ticket);
    return ticket;
  }

  private cancelTimer(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
