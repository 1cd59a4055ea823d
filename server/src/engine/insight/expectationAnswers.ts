// Hover and completion in expectations files (kind ReachabilityExpectations), with the
// words and helpers of the NetworkPolicy answers: an endpoint's hover lists the workloads
// it resolves to, as a selector's hover does; completion offers workload refs, namespaces,
// label keys and values in use, and named ports of the destination. Completion reads its
// context from indentation (yamlContext.ts), because an expectation being typed often does
// not parse yet.
import { describeEndpoint, readExpectationsFile, ResolveContext, type EndpointSpec, type Expectation } from '../expectations';
// The resolution `netpol test` evaluates with: a hover lists exactly the workloads an expectation is about.
import { resolveSide } from '../expectations/endpoints';
import type { ReachAnalysis } from '../reach';
import { contains } from '../ranges';
import { compareStrings } from '../selectors';
import type { JsonPath, Position } from '../types';
import { NAMESPACE_NAME_LABEL } from '../workloads';
import type { Workspace } from '../workspace';
import { valueText, type CompletionAnswer } from './completion';
import { cappedItems, definitionLink, describeWorkload, MAX_LISTED, type Block, type HoverAnswer } from './hover';
import { capped } from './selectionAnswers';
import { cursorContext } from './yamlContext';

const contexts = new WeakMap<ReachAnalysis, ResolveContext>();
const resolveContextOf = (analysis: ReachAnalysis, workspace: Workspace): ResolveContext => {
  let context = contexts.get(analysis);
  if (!context) contexts.set(analysis, (context = new ResolveContext(analysis, workspace)));
  return context;
};

/** The hover on an endpoint of an expectation (or a ref of its `except`): what it resolves to. */
export function expectationHoverAt(
  workspace: Workspace,
  analysis: () => ReachAnalysis,
  uri: string,
  position: Position,
): HoverAnswer | undefined {
  const manifest = workspace.manifest(uri);
  const file = manifest && readExpectationsFile(manifest);
  if (!file) return undefined;
  for (const expectation of file.documents.flatMap((d) => d.expectations)) {
    if (!contains(expectation.range, position)) continue;
    for (const side of ['from', 'to'] as const) {
      if (!contains(side === 'from' ? expectation.fromRange : expectation.toRange, position)) continue;
      const specs = expectation[side];
      const spec = specs.find((s) => contains(s.range, position));
      if (!spec) return undefined;
      const except =
        spec.kind === 'namespace' || spec.kind === 'selector' ? spec.except.find((e) => contains(e.range, position)) : undefined;
      const hovered: EndpointSpec = except ? { kind: 'ref', ref: except.ref, range: except.range } : spec;
      return { range: hovered.range, blocks: endpointBlocks(workspace, analysis(), uri, side, hovered) };
    }
  }
  return undefined;
}

function endpointBlocks(
  workspace: Workspace,
  analysis: ReachAnalysis,
  uri: string,
  side: 'from' | 'to',
  spec: EndpointSpec,
): Block[] {
  const resolved = resolveSide([spec], resolveContextOf(analysis, workspace), uri);
  const blocks: Block[] = [{ kind: 'heading', text: `${side === 'from' ? 'From' : 'To'} ${describeEndpoint(spec)}` }];
  const workloads = resolved.groups
    .flatMap((group) => (group.kind === 'class' ? group.members : []))
    .sort((a, b) => compareStrings(a.ref, b.ref));
  const others = resolved.groups.flatMap((group) =>
    group.kind === 'external'
      ? [`addresses outside the cluster: ${group.ref}`]
      : group.kind === 'hypothetical'
        ? [`a pod that does not exist: ${group.ref}`]
        : [],
  );
  for (const error of resolved.errors) blocks.push({ kind: 'text', text: error.message });
  if (workloads.length > 0)
    blocks.push(
      { kind: 'text', text: `${workloads.length === 1 ? '1 workload' : `${workloads.length} workloads`}:` },
      { kind: 'list', items: cappedItems(workloads, (w) => ({ text: describeWorkload(w), link: definitionLink(w) })) },
    );
  else if (others.length === 0 && resolved.errors.length === 0)
    blocks.push({ kind: 'text', text: 'Resolves to no workload in the workspace.' });
  if (others.length > 0) blocks.push({ kind: 'list', items: others.map((text) => ({ text })) });
  const namespaces = [...new Set(workloads.map((w) => w.namespace))].sort(compareStrings);
  if (namespaces.length > 1) blocks.push({ kind: 'text', text: `Namespaces: ${capped(namespaces, MAX_LISTED)}.` });
  for (const note of resolved.notes) blocks.push({ kind: 'text', text: note });
  return blocks;
}

/** Where in an expectation the cursor types, read from the key path. */
type Site =
  | { kind: 'ref' }
  | { kind: 'namespace' }
  | { kind: 'labels'; of: 'pods' | 'namespaces'; role: 'key' | 'value'; key?: string }
  | { kind: 'port'; expectation: number };

function siteOf(path: JsonPath, role: 'key' | 'value'): Site | undefined {
  if (path[0] !== 'spec' || path[1] !== 'expectations' || typeof path[2] !== 'number') return undefined;
  const [field, ...rest] = path.slice(3);
  if (field === 'ports')
    return rest.length === 1 && typeof rest[0] === 'number' && role === 'value'
      ? { kind: 'port', expectation: path[2] }
      : undefined;
  if (field !== 'from' && field !== 'to') return undefined;
  // One endpoint, or an item of a list of them.
  const endpoint = typeof rest[0] === 'number' ? rest.slice(1) : rest;
  if (endpoint.length === 0) return role === 'value' ? { kind: 'ref' } : undefined;
  const [key, ...inner] = endpoint;
  if (role === 'value' && ((key === 'ref' && inner.length === 0) || (key === 'except' && inner.length === 1)))
    return { kind: 'ref' };
  if (role === 'value' && key === 'namespace' && inner.length === 0) return { kind: 'namespace' };
  if (key === 'hypothetical') {
    if (role === 'value' && inner[0] === 'namespace' && inner.length === 1) return { kind: 'namespace' };
    if (inner[0] === 'labels' && inner.length === 1 && role === 'key') return { kind: 'labels', of: 'pods', role: 'key' };
    if (inner[0] === 'labels' && inner.length === 2 && role === 'value')
      return { kind: 'labels', of: 'pods', role: 'value', key: String(inner[1]) };
    return undefined;
  }
  if ((key === 'podSelector' || key === 'namespaceSelector') && inner[0] === 'matchLabels') {
    const of = key === 'podSelector' ? 'pods' : 'namespaces';
    if (inner.length === 1 && role === 'key') return { kind: 'labels', of, role: 'key' };
    if (inner.length === 2 && role === 'value') return { kind: 'labels', of, role: 'value', key: String(inner[1]) };
  }
  return undefined;
}

/** Completion in an expectations file; undefined elsewhere (and in places it does not complete). */
export function expectationCompletionAt(workspace: Workspace, uri: string, position: Position): CompletionAnswer[] | undefined {
  const file = workspace.manifest(uri);
  if (!file) return undefined;
  const text = file.source.text;
  const context = cursorContext(text, position);
  if (!context) return undefined;
  const lines = text.split(/\r\n|\r|\n/);
  // The parsed file when it parses; otherwise the document's text must say its kind.
  if (!readExpectationsFile(file) && !textSaysExpectations(lines, context.documentStartLine)) return undefined;
  const site = siteOf(context.path, context.role);
  if (!site) return undefined;
  const line = lines[position.line];
  const item = (label: string, kind: CompletionAnswer['kind'], detail: string, newText = valueText(label, line, context)) => ({
    label,
    kind,
    detail,
    range: context.wordRange,
    newText,
  });
  switch (site.kind) {
    case 'ref': {
      // Refs hold `[` and `]`: quoted, so that they read as one string in flow lists too.
      const quoted = (ref: string) => {
        const before = line[context.wordRange.start.character - 1];
        if (before === '"' || before === "'") return ref;
        return `${before === ':' ? ' ' : ''}${JSON.stringify(ref)}`;
      };
      const refs = [...workspace.workloads()].sort((a, b) => compareStrings(a.ref, b.ref));
      return refs.map((w) => item(w.ref, 'workload', describeWorkload(w), quoted(w.ref)));
    }
    case 'namespace':
      return workspace.namespaces().map((ns) => item(ns.name, 'namespace', 'namespace'));
    case 'labels': {
      if (site.role === 'key') {
        const keys = site.of === 'namespaces' ? workspace.namespaceLabelKeys() : workspace.labelKeys();
        const detail = site.of === 'namespaces' ? 'namespace label key' : 'pod label key';
        return keys.map((key) => item(key, 'labelKey', detail, context.colonFollows ? key : `${key}: `));
      }
      const key = site.key!;
      const values = site.of === 'namespaces' ? workspace.namespaceLabelValues(key) : workspace.labelValues(key);
      const kind = site.of === 'namespaces' && key === NAMESPACE_NAME_LABEL ? 'namespace' : 'labelValue';
      return values.map((value) => item(value, kind, site.of === 'namespaces' ? `namespace label ${key}` : `pod label ${key}`));
    }
    case 'port':
      return namedPortItems(
        workspace,
        readExpectationsFile(file)?.documents.flatMap((d) => d.expectations)[site.expectation],
        (label, detail) => item(label, 'port', detail),
      );
  }
}

/** Named ports of the destination's workloads when the expectation parses and names them by ref, else of every workload. */
function namedPortItems(
  workspace: Workspace,
  expectation: Expectation | undefined,
  item: (label: string, detail: string) => CompletionAnswer,
): CompletionAnswer[] {
  const refs = expectation?.to.flatMap((spec) => (spec.kind === 'ref' ? [spec.ref] : []));
  const destinations =
    refs && refs.length > 0 && refs.length === expectation!.to.length
      ? refs.flatMap((ref) => workspace.workloadsByRef(ref))
      : workspace.workloads();
  const byName = new Map<string, Set<string>>();
  for (const workload of destinations)
    for (const port of workload.ports) {
      if (!port.name) continue;
      const where = `${port.protocol} ${port.containerPort} on ${workload.namespace}/${workload.name}`;
      byName.set(port.name, (byName.get(port.name) ?? new Set()).add(where));
    }
  return [...byName].sort(([a], [b]) => compareStrings(a, b)).map(([name, where]) => item(name, capped([...where], 3)));
}

function textSaysExpectations(lines: readonly string[], start: number): boolean {
  for (let l = start; l < lines.length && !/^(---|\.\.\.)(\s|$)/.test(lines[l]); l++)
    if (/^kind:\s*["']?ReachabilityExpectations["']?\s*(#.*)?$/.test(lines[l])) return true;
  return false;
}
