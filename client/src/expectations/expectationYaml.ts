// The YAML the two expectation commands write (Add Expectation From Connection, Snapshot
// Reachability of Workload): expectations drafted from the server's answers, their text,
// and where a new list item goes in an expectations file that exists. Pure: the commands
// only turn this text into a WorkspaceEdit, so it can be undone.
import type { Connection, ExplainResult, PortsJson, ReachabilityRequest } from '../../../server/src/protocol';

export const EXPECTATIONS_API_VERSION = 'netpol-navigator.dev/v1alpha1';
export const EXPECTATIONS_KIND = 'ReachabilityExpectations';
/** The file the commands create at the workspace root when the workspace has none. */
export const DEFAULT_EXPECTATIONS_FILE = 'netpol-expectations.yaml';

/** An endpoint as written: a workload ref, or external addresses (`{cidr, except}`). */
export type DraftEndpoint = string | { cidr: string; except?: string[] };

export interface DraftExpectation {
  name: string;
  from: DraftEndpoint;
  to: DraftEndpoint;
  expect: 'allowed' | 'denied' | 'exactly';
  /** Port specs (`8080/TCP`, `8000-8100/TCP`), or a keyword; absent for `denied` on every port. */
  ports?: string[] | 'any' | 'all';
}

/**
 * A peer's ref as verdicts and the Reachability view print it: a workload ref, or an external
 * block (`203.0.113.0/24 except 203.0.113.8/29, 203.0.113.64/26`, or one address).
 */
export function draftEndpoint(ref: string, kind: 'workload' | 'external'): DraftEndpoint {
  if (kind === 'workload') return ref;
  const [cidrText, exceptText] = ref.split(/\s+except\s+/);
  const cidr = cidrText.includes('/') ? cidrText.trim() : `${cidrText.trim()}/${cidrText.includes(':') ? 128 : 32}`;
  const except = exceptText
    ?.split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return except && except.length > 0 ? { cidr, except } : { cidr };
}

/** Ports as the server answers them, as port specs (`5050/TCP`, `8000-8100/TCP`), or `all`; empty for none. */
export function portSpecs(ports: PortsJson | 'none'): string[] | 'all' {
  if (ports === 'all') return 'all';
  if (ports === 'none') return [];
  return ports.flatMap(({ protocol, ports: ranges }) =>
    ranges.map(([low, high]) => (low === high ? `${low}/${protocol}` : `${low}-${high}/${protocol}`)),
  );
}

const endpointName = (endpoint: DraftEndpoint): string =>
  typeof endpoint === 'string' ? endpoint : `${endpoint.cidr}${endpoint.except ? ` except ${endpoint.except.join(', ')}` : ''}`;

/**
 * What Check Connection's verdict asserts today: on the port asked, allowed or denied there;
 * on any port, exactly the ports allowed (or denied on every port).
 */
export function draftFromVerdict(result: ExplainResult): DraftExpectation {
  const from = draftEndpoint(result.from.ref, result.from.kind);
  const to = draftEndpoint(result.to.ref, result.to.kind);
  const ends = `${endpointName(from)} → ${endpointName(to)}`;
  if (result.port !== undefined) {
    const expect = result.allowed ? 'allowed' : 'denied';
    return { name: `${ends} ${expect} ${result.port}`, from, to, expect, ports: [result.port] };
  }
  const ports = portSpecs(result.ports);
  if (ports !== 'all' && ports.length === 0) return { name: `${ends} denied`, from, to, expect: 'denied' };
  return { name: `${ends} exactly ${result.portsText}`, from, to, expect: 'exactly', ports };
}

/** Today's inbound and outbound of a workload, one `exactly` expectation per peer (inbound first, in the server's order). */
export function snapshotDrafts(answer: NonNullable<ReachabilityRequest.Result>): DraftExpectation[] {
  const self = answer.workload.ref;
  // A workload to itself is no pair of an expectation (a pod always reaches itself): it is not written.
  const others = (connection: Connection) => connection.peer.ref !== self;
  const inbound = answer.inbound.filter(others).map((connection): DraftExpectation => {
    const from = draftEndpoint(connection.peer.ref, connection.peer.kind);
    return exactly(from, self, connection.ports, connection.portsText);
  });
  const outbound = answer.outbound.filter(others).map((connection): DraftExpectation => {
    const to = draftEndpoint(connection.peer.ref, connection.peer.kind);
    return exactly(self, to, connection.ports, connection.portsText);
  });
  return [...inbound, ...outbound];
}

function exactly(from: DraftEndpoint, to: DraftEndpoint, ports: PortsJson, portsText: string): DraftExpectation {
  return {
    name: `${endpointName(from)} → ${endpointName(to)} exactly ${portsText}`,
    from,
    to,
    expect: 'exactly',
    ports: portSpecs(ports),
  };
}

/** The comment above a snapshot: it records, it does not decide. */
export function snapshotComment(ref: string, date: string): string[] {
  return [
    `Snapshot of ${ref} on ${date} (NetworkPolicy: Snapshot Reachability of Workload as Expectations).`,
    `It records today's behaviour, not what should hold: review each line before committing.`,
  ];
}

/**
 * One list item of `spec.expectations`, its `-` at `indent` spaces. Strings are written as
 * JSON strings (valid YAML double-quoted scalars): refs hold `[` and `*` and names hold `:`.
 */
export function expectationItemLines(draft: DraftExpectation, indent: number, comment: readonly string[] = []): string[] {
  const pad = ' '.repeat(indent);
  const field = ' '.repeat(indent + 2);
  const lines = comment.map((line) => `${pad}# ${line}`);
  lines.push(`${pad}- name: ${quote(draft.name)}`);
  lines.push(`${field}from: ${endpointText(draft.from)}`);
  lines.push(`${field}to: ${endpointText(draft.to)}`);
  lines.push(`${field}expect: ${draft.expect}`);
  if (draft.ports !== undefined) {
    const ports = typeof draft.ports === 'string' ? draft.ports : `[${draft.ports.map(quotePort).join(', ')}]`;
    lines.push(`${field}ports: ${ports}`);
  }
  return lines;
}

/** A whole expectations document holding `drafts`. */
export function expectationsDocumentText(
  name: string,
  drafts: readonly DraftExpectation[],
  comment: readonly string[] = [],
): string {
  const lines = [
    `apiVersion: ${EXPECTATIONS_API_VERSION}`,
    `kind: ${EXPECTATIONS_KIND}`,
    'metadata:',
    `  name: ${quote(name)}`,
    'spec:',
    '  expectations:',
    ...drafts.flatMap((draft, i) => expectationItemLines(draft, 2, i === 0 ? comment : [])),
  ];
  return `${lines.join('\n')}\n`;
}

/** Where new list items go in an expectations file's text, and how far they are indented. */
export type Insertion =
  /** After line `afterLine` (0-based; -1 = at the top), items at `indent` spaces. */
  | { kind: 'items'; afterLine: number; indent: number }
  /** No block list of expectations to extend (a flow list, or none): a new document is appended. */
  | { kind: 'document' };

/**
 * The end of the last `spec.expectations` block list of the text: items are appended after
 * its last non-blank line, at the indentation of its items. Read by indentation, as completion
 * reads YAML being typed: a file that does not parse still takes the new items where they belong.
 */
export function insertionPoint(text: string): Insertion {
  const lines = text.split(/\r?\n/);
  let found: Insertion = { kind: 'document' };
  for (let i = 0; i < lines.length; i++) {
    const key = /^(\s*)expectations:\s*(#.*)?$/.exec(lines[i]);
    if (!key) continue;
    const keyIndent = key[1].length;
    let last = i;
    let itemIndent: number | undefined;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (/^\s*(#.*)?$/.test(line)) continue;
      if (/^(---|\.\.\.)(\s|$)/.test(line)) break;
      const indent = line.length - line.trimStart().length;
      const isItem = line.trimStart().startsWith('- ') || line.trim() === '-';
      if (itemIndent === undefined) {
        if (!isItem || indent < keyIndent) break;
        itemIndent = indent;
      }
      if (indent < itemIndent || (indent === itemIndent && !isItem)) break;
      last = j;
    }
    found = { kind: 'items', afterLine: last, indent: itemIndent ?? keyIndent + 2 };
  }
  return found;
}

/**
 * The insertion that adds `drafts` to an existing file's text: at `offset` (UTF-16, as
 * TextDocument.positionAt takes it), `text`. After the last item of the last expectations
 * list, or as a new document at the end.
 */
export function additionEdit(
  existing: string,
  drafts: readonly DraftExpectation[],
  documentName: string,
  comment: readonly string[] = [],
): { offset: number; text: string } {
  const at = insertionPoint(existing);
  if (at.kind === 'items') {
    const lines = drafts.flatMap((draft, i) => expectationItemLines(draft, at.indent, i === 0 ? comment : []));
    return { offset: endOfLine(existing, at.afterLine), text: `\n${lines.join('\n')}` };
  }
  const separator = existing.trim() === '' ? '' : `${existing.endsWith('\n') ? '' : '\n'}---\n`;
  return { offset: existing.length, text: separator + expectationsDocumentText(documentName, drafts, comment) };
}

/** The offset of the end of a line (before its line break). */
function endOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  const end = text.indexOf('\n', offset);
  const stop = end < 0 ? text.length : end;
  return stop > offset && text[stop - 1] === '\r' ? stop - 1 : stop;
}

function endpointText(endpoint: DraftEndpoint): string {
  if (typeof endpoint === 'string') return quote(endpoint);
  const except = endpoint.except ? `, except: [${endpoint.except.map(quote).join(', ')}]` : '';
  return `{cidr: ${quote(endpoint.cidr)}${except}}`;
}

const quote = (text: string): string => JSON.stringify(text);

/** A bare number would be read as an integer by YAML: port specs are strings, except plain numbers. */
const quotePort = (spec: string): string => (/^\d+$/.test(spec) ? spec : quote(spec));
