// What the Testing view shows of `netpol/expectations`: one item per expectations file, a
// child per expectation, and the outcome of a run (state and messages). Plain data, so the
// controller only hands it to VS Code and the unit tests read it without an editor.
import type { ExpectationResult, ExpectationsRequest, ProtocolRange, SourceRef } from '../../../server/src/protocol';

/** A run message lists at most this many witnesses, whatever the server sent. */
export const MAX_MESSAGES_PER_EXPECTATION = 20;

export interface PlannedExpectation {
  /** Unique in the controller: the file's URI and the expectation's id. */
  id: string;
  label: string;
  uri: string;
  range: ProtocolRange;
  /** `allowed` / `denied` / `exactly`, then the expectation's own tags. */
  tags: string[];
  result: ExpectationResult;
}

export interface PlannedFile {
  id: string;
  uri: string;
  /** The file's problems (schema, YAML) as one text: the item's `error`; undefined when it has none. */
  error?: string;
  children: PlannedExpectation[];
}

/** Files in the server's order (the results' first, then files with problems only), children in file order. */
export function planTestItems(answer: ExpectationsRequest.Result): PlannedFile[] {
  const files = new Map<string, PlannedFile>();
  const fileOf = (uri: string): PlannedFile => {
    let file = files.get(uri);
    if (!file) files.set(uri, (file = { id: uri, uri, children: [] }));
    return file;
  };
  for (const result of answer.results) {
    const file = fileOf(result.uri);
    // Ids are unique per file when the engine says so; a copy-pasted id must not hide an expectation.
    const taken = new Set(file.children.map((child) => child.id));
    let id = `${result.uri}#${result.id}`;
    for (let n = 2; taken.has(id); n++) id = `${result.uri}#${result.id}~${n}`;
    file.children.push({
      id,
      label: result.name,
      uri: result.uri,
      range: result.range,
      tags: [result.expect, ...result.tags],
      result,
    });
  }
  for (const info of answer.files) {
    const file = fileOf(info.uri);
    if (info.problems.length > 0)
      file.error = info.problems.map((p) => `line ${p.range.start.line + 1}: ${p.message} (${p.code})`).join('\n');
  }
  for (const file of files.values()) file.children.sort((a, b) => compareRanges(a.range, b.range));
  return [...files.values()];
}

export interface PlannedFrame {
  label: string;
  location?: SourceRef;
}

export interface PlannedMessage {
  text: string;
  location: SourceRef;
  /** `exactly` mismatches: shown as a diff of the ports (one protocol per line). */
  diff?: { expected: string; actual: string };
  frames: PlannedFrame[];
  /** Check Connection's question on the witness (the message's Explain). */
  explain?: { from: string; to: string; port: string };
}

export interface PlannedOutcome {
  state: 'passed' | 'failed' | 'errored' | 'skipped';
  messages: PlannedMessage[];
}

/** The outcome of one expectation: a message per witness (capped) for a failure, the reasons for an error. */
export function outcomeOf(result: ExpectationResult, maxMessages = MAX_MESSAGES_PER_EXPECTATION): PlannedOutcome {
  const location = { uri: result.uri, range: result.range };
  const expectationFrame: PlannedFrame = { label: `expectation: ${result.name}`, location };
  switch (result.status) {
    case 'passed':
      return { state: 'passed', messages: [] };
    case 'skipped':
      return { state: 'skipped', messages: [] };
    case 'error': {
      const text = result.errors.length > 0 ? result.errors.map((e) => e.message).join('\n') : result.message;
      // Each error where it applies: the endpoint written, or the left-out policy the verdict depends on.
      const frames = result.errors.flatMap((e): PlannedFrame[] =>
        e.location ? [{ label: e.message, location: e.location }] : [],
      );
      return { state: 'errored', messages: [{ text, location, frames: [expectationFrame, ...frames] }] };
    }
    case 'failed': {
      const shown = result.violations.slice(0, maxMessages);
      const left = result.pairs.violating - shown.length;
      const messages = shown.map((violation, i): PlannedMessage => {
        const lines = [
          `${violation.from} → ${violation.to}: expected ${violation.expectedText}, actual ${violation.actualText}`,
          ...violation.reasons.map((reason) => `  ${reason.side} (${reason.verdict}) ${reason.description}`),
        ];
        // The last message says how many pairs it does not list: totals are exact, witnesses are capped.
        if (i === shown.length - 1 && left > 0) lines.push(`… and ${left} more violating pair${left === 1 ? '' : 's'}`);
        return {
          text: `${result.message}\n${lines.join('\n')}`,
          location,
          explain: violation.explain,
          ...(result.expect === 'exactly' && {
            diff: { expected: portLines(violation.expectedText), actual: portLines(violation.actualText) },
          }),
          frames: [
            expectationFrame,
            ...violation.reasons.map((reason): PlannedFrame => ({
              label: `${reason.side}: ${reason.policy ? `${reason.policy}${reason.rule ? ` ${reason.rule}` : ''}` : reason.description}`,
              ...(reason.location && { location: reason.location }),
            })),
          ],
        };
      });
      return {
        state: 'failed',
        messages: messages.length > 0 ? messages : [{ text: result.message, location, frames: [expectationFrame] }],
      };
    }
  }
}

/** "TCP 5050, 8080; UDP 53" as one protocol per line, so that a diff shows which protocol differs. */
export function portLines(text: string): string {
  return text
    .split(/;\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('\n');
}

function compareRanges(a: ProtocolRange, b: ProtocolRange): number {
  return a.start.line - b.start.line || a.start.character - b.start.character;
}
