// The live what-if after an edit, on the synthetic workspace: the server's own netpol/whatIf
// handler (whatIf.ts) run in this process on a WorkspaceIndex of the whole workspace, with one
// policy file open and edited so that it opens connections (a pod selector of a rule now
// names another app) against its saved text. Each sample is what a settle costs the server:
// the edit into the index, its edit -> reach run, the base kept in step, and the diff with causes.
// Next to it, the edit -> reach run alone on the same edits: the what-if's own share is the difference.
import { loadavg } from 'node:os';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseWorkspace } from '../server/src/engine/reach';
import { Log } from '../server/src/lsp/log';
import { defaultDocumentSettings } from '../server/src/lsp/settings';
import { registerWhatIf } from '../server/src/lsp/whatIf';
import { WorkspaceIndex } from '../server/src/lsp/workspaceIndex';
import { WhatIfRequest, type WhatIfResult } from '../server/src/protocol';
import { fmt, reportDistribution } from './stats';
import type { SyntheticWorkspace } from './syntheticWorkspace';

const EDITS = 20;

export async function benchWhatIf(synthetic: SyntheticWorkspace): Promise<string[]> {
  const [uri, saved] = [...synthetic.files].filter(([u]) => u.endsWith('/policies.yaml'))[100];
  // frontend-to-backend's peer names backend (backend -> backend opens, frontend -> backend closes) or data (only closes).
  const variant = (edit: number): string => saved.replace('tier: frontend', edit % 2 === 0 ? 'tier: backend' : 'tier: data');
  const heap = (): number => Math.round(process.memoryUsage().heapUsed / 2 ** 20);

  const index = new WorkspaceIndex();
  for (const [file, text] of synthetic.files) index.setFile(file, text);
  index.markScanned();
  const documents = new FakeDocuments();
  let whatIf: ((params: WhatIfRequest.Params) => Promise<WhatIfResult>) | undefined;
  const recorder = {
    onRequest: (type: { method: string }, handler: (params: WhatIfRequest.Params) => Promise<WhatIfResult>) => {
      if (type.method === WhatIfRequest.method) whatIf = handler;
    },
    sendNotification: () => Promise.resolve(),
    sendRequest: () => Promise.resolve(),
    languages: { diagnostics: { on: () => undefined, refresh: () => undefined } },
  } as unknown as Connection;
  const silent = new Log({ error: () => undefined, warn: () => undefined, info: () => undefined, log: () => undefined });
  registerWhatIf(
    recorder,
    index,
    { forWorkspace: () => Promise.resolve(defaultDocumentSettings) },
    documents as unknown as TextDocuments<TextDocument>,
    silent,
    (file) => Promise.resolve(synthetic.files.get(file)),
    // Nothing else asks the server here: quiet at once.
    { diagnosticsRefresh: false, folders: () => [], whenQuiet: () => Promise.resolve() },
  );
  if (!whatIf) throw new Error('the server registered no netpol/whatIf handler');
  const ask = whatIf;
  documents.open(uri, saved);
  index.documentChanged(uri, () => documents.get(uri)?.getText());
  analyseWorkspace(index.current()).results.classMatrix();
  const heapBefore = heap();

  const edit = (n: number): void => {
    documents.change(uri, variant(n));
    index.documentChanged(uri, () => documents.get(uri)?.getText());
  };
  edit(0);
  let start = performance.now();
  const first = await ask({});
  const firstMs = performance.now() - start;
  const heapAfter = heap();

  const whatIfMs: number[] = [];
  let last = first;
  for (let n = 1; n <= EDITS; n++) {
    edit(n);
    start = performance.now();
    last = await ask({});
    whatIfMs.push(performance.now() - start);
  }
  // The same edits, the index's edit -> reach run alone (what the Reachability view pays anyway).
  const reachMs: number[] = [];
  for (let n = 1; n <= EDITS; n++) {
    edit(n);
    start = performance.now();
    analyseWorkspace(index.current()).results.classMatrix();
    reachMs.push(performance.now() - start);
  }
  return [
    `what-if after an edit (server, in-process; ${synthetic.workloads} workloads, a rule's peer edited against the saved text; load ${loadavg()[0].toFixed(2)}):`,
    `  first what-if (builds the base: shared parses)            ${fmt(firstMs).padStart(10)}  heap +${heapAfter - heapBefore} MB for the base`,
    reportDistribution('edit -> what-if (edit, reach, base, diff + causes)', whatIfMs),
    reportDistribution('  edit -> reach alone, same edits', reachMs),
    `  last answer: ${last.summary.opened} opened, ${last.summary.closed} closed, ${last.summary.widened} widened, ${last.summary.narrowed} narrowed, ${last.changes.length} pairs`,
  ];
}

/** The part of TextDocuments the what-if uses: open documents, and their open/save/close events. */
class FakeDocuments {
  private readonly documents = new Map<string, TextDocument>();
  private readonly opened: Array<(e: { document: TextDocument }) => void> = [];

  onDidOpen(listener: (e: { document: TextDocument }) => void): void {
    this.opened.push(listener);
  }
  onDidSave(): void {}
  onDidClose(): void {}
  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }
  all(): TextDocument[] {
    return [...this.documents.values()];
  }
  open(uri: string, text: string): void {
    const document = TextDocument.create(uri, 'yaml', 1, text);
    this.documents.set(uri, document);
    for (const listener of this.opened) listener({ document });
  }
  change(uri: string, text: string): void {
    const previous = this.documents.get(uri)!;
    this.documents.set(uri, TextDocument.create(uri, 'yaml', previous.version + 1, text));
  }
}
