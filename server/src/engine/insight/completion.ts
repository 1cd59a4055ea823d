// Completion inside NetworkPolicy selectors and ports: label keys, label values
// in use (scoped like the selector: a peer's podSelector without namespaceSelector
// looks only at the policy's namespace), namespace names for
// kubernetes.io/metadata.name, and named ports of the destination pods.
//
// The key path comes from the text (yamlContext.ts), since the YAML being typed
// is often not valid yet; the parsed policy, when there is one, supplies its
// namespace, the peer's other selector and the rule's peers.
import * as jsyaml from 'js-yaml';
import { isNetworkPolicy, type KubeObject } from '../manifests';
import type { Direction } from '../policy';
import { compareStrings } from '../selectors';
import { isPlainObject, valueAt } from '../values';
import type { JsonPath, Position, Range } from '../types';
import { NAMESPACE_NAME_LABEL } from '../workloads';
import type { Workspace } from '../workspace';
import { YAML11_SCHEMA } from '../yaml11';
import { cursorContext, type CursorContext } from './yamlContext';
import { ruleDestinations } from './selectionAnswers';

/** `workload`: a workload ref (expectations files). */
export type CompletionKind = 'labelKey' | 'labelValue' | 'namespace' | 'port' | 'workload';

export interface CompletionAnswer {
  label: string;
  kind: CompletionKind;
  detail: string;
  /** The typed word this item replaces. */
  range: Range;
  newText: string;
}

/** Where a selector sits: spec.podSelector, or a peer's podSelector / namespaceSelector. */
interface SelectorSite {
  /** `pods` matches pod labels; `namespaces` matches namespace labels. */
  of: 'pods' | 'namespaces';
  /** Path of the selector in the object. */
  path: JsonPath;
  /** Path inside the selector. */
  rest: JsonPath;
  /** Path of the peer item, for a peer selector. */
  peerPath?: JsonPath;
}

export function completionAt(workspace: Workspace, uri: string, position: Position): CompletionAnswer[] | undefined {
  const file = workspace.manifest(uri);
  if (!file) return undefined;
  const context = cursorContext(file.source.text, position);
  if (!context) return undefined;
  const object = policyObjectFor(workspace, uri, context, position);
  const lines = file.source.text.split(/\r\n|\r|\n/);
  if (!object && !textSaysNetworkPolicy(lines, context.documentStartLine)) return undefined;
  const namespace = object
    ? workspace.namespaceOf(object)
    : (textNamespace(lines, context.documentStartLine) ?? workspace.defaultNamespace);

  const port = portSite(context);
  if (port) return object ? namedPortItems(workspace, object, port, context) : undefined;
  const site = selectorSite(context.path);
  if (!site) return undefined;
  // A pod selector reaches the policy's namespace only, unless its peer has a namespaceSelector.
  const podScope =
    site.peerPath && (!object || isPlainObject(valueAt(object.value, [...site.peerPath, 'namespaceSelector'])))
      ? undefined
      : namespace;
  const keys = (): string[] => (site.of === 'namespaces' ? workspace.namespaceLabelKeys() : workspace.labelKeys(podScope));
  const values = (key: string): CompletionAnswer[] => {
    const found = site.of === 'namespaces' ? workspace.namespaceLabelValues(key) : workspace.labelValues(key, podScope);
    const detail =
      site.of === 'namespaces'
        ? key === NAMESPACE_NAME_LABEL
          ? 'namespace'
          : `namespace label ${key}`
        : `pod label ${key}${podScope ? ` in ${podScope}` : ''}`;
    const kind: CompletionKind = site.of === 'namespaces' && key === NAMESPACE_NAME_LABEL ? 'namespace' : 'labelValue';
    return found.map((value) => ({
      label: value,
      kind,
      detail,
      range: context.wordRange,
      newText: valueText(value, lines[position.line], context),
    }));
  };
  const keyItems = (withColon: boolean): CompletionAnswer[] =>
    keys().map((key) => ({
      label: key,
      kind: 'labelKey',
      detail: site.of === 'namespaces' ? 'namespace label key' : `pod label key${podScope ? ` in ${podScope}` : ''}`,
      range: context.wordRange,
      newText: withColon && !context.colonFollows ? `${key}: ` : key,
    }));

  const [first, second, third, fourth] = site.rest;
  if (first === 'matchLabels' && site.rest.length === 1 && context.role === 'key') return keyItems(true);
  if (first === 'matchLabels' && site.rest.length === 2 && context.role === 'value') return values(String(second));
  if (first === 'matchExpressions' && typeof second === 'number' && context.role === 'value') {
    if (third === 'key' && site.rest.length === 3) return keyItems(false);
    if (third === 'values' && typeof fourth === 'number' && site.rest.length === 4) {
      const key = object
        ? valueAt(object.value, [...site.path, 'matchExpressions', second, 'key'])
        : textExpressionKey(lines, position.line);
      return typeof key === 'string' ? values(key) : undefined;
    }
  }
  return undefined;
}

function selectorSite(path: JsonPath): SelectorSite | undefined {
  if (path[0] !== 'spec') return undefined;
  if (path[1] === 'podSelector') return { of: 'pods', path: path.slice(0, 2), rest: path.slice(2) };
  const peerList = path[1] === 'ingress' ? 'from' : path[1] === 'egress' ? 'to' : undefined;
  if (!peerList || typeof path[2] !== 'number' || path[3] !== peerList || typeof path[4] !== 'number') return undefined;
  if (path[5] !== 'podSelector' && path[5] !== 'namespaceSelector') return undefined;
  return {
    of: path[5] === 'podSelector' ? 'pods' : 'namespaces',
    path: path.slice(0, 6),
    rest: path.slice(6),
    peerPath: path.slice(0, 5),
  };
}

function portSite(context: CursorContext): { direction: Direction; rule: number; port: number } | undefined {
  const [spec, direction, rule, ports, port, field] = context.path;
  if (
    spec !== 'spec' ||
    (direction !== 'ingress' && direction !== 'egress') ||
    typeof rule !== 'number' ||
    ports !== 'ports' ||
    typeof port !== 'number'
  )
    return undefined;
  return field === 'port' && context.path.length === 6 && context.role === 'value' ? { direction, rule, port } : undefined;
}

/** Named ports of the pods a rule's traffic goes to: the selected pods for ingress, the rule's peers for egress. */
function namedPortItems(
  workspace: Workspace,
  object: KubeObject,
  site: { direction: Direction; rule: number; port: number },
  context: CursorContext,
): CompletionAnswer[] {
  const policy = workspace.policyModel(object);
  const protocol = valueAt(object.value, ['spec', site.direction, site.rule, 'ports', site.port, 'protocol']) ?? 'TCP';
  const rule = policy[site.direction].find((r) => r.index === site.rule);
  const destinations = rule ? ruleDestinations(workspace, policy, rule) : [];
  const byName = new Map<string, string[]>();
  for (const workload of destinations) {
    for (const port of workload.ports) {
      if (!port.name || port.protocol !== protocol) continue;
      const where = `${port.protocol} ${port.containerPort} on ${workload.namespace}/${workload.name}`;
      byName.set(port.name, [...new Set([...(byName.get(port.name) ?? []), where])]);
    }
  }
  return [...byName]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, where]) => ({ label: name, kind: 'port', detail: where.join(', '), range: context.wordRange, newText: name }));
}

/** The NetworkPolicy of the cursor's YAML document, when that document parsed. */
function policyObjectFor(workspace: Workspace, uri: string, context: CursorContext, position: Position): KubeObject | undefined {
  const candidates = (workspace.manifest(uri)?.objects ?? []).filter(
    (o) => o.range.start.line >= context.documentStartLine && o.range.start.line <= position.line,
  );
  const object = candidates[candidates.length - 1];
  return object && isNetworkPolicy(object) ? object : undefined;
}

const documentLines = (lines: readonly string[], start: number): string[] => {
  const end = lines.findIndex((line, i) => i > start && /^(---|\.\.\.)(\s|$)/.test(line));
  return lines.slice(start, end < 0 ? lines.length : end);
};

function textSaysNetworkPolicy(lines: readonly string[], start: number): boolean {
  return documentLines(lines, start).some((line) => /^kind:\s*["']?NetworkPolicy["']?\s*(#.*)?$/.test(line));
}

/** metadata.namespace of a document that does not parse (yet). */
function textNamespace(lines: readonly string[], start: number): string | undefined {
  const doc = documentLines(lines, start);
  const metadata = doc.findIndex((line) => /^metadata:\s*(#.*)?$/.test(line));
  if (metadata < 0) return undefined;
  for (const line of doc.slice(metadata + 1)) {
    if (/^\S/.test(line)) break;
    const found = /^\s+namespace:\s*["']?([^"'\s#]+)/.exec(line);
    if (found) return found[1];
  }
  return undefined;
}

/** The `key:` of the matchExpressions item being typed, read from the lines above. */
function textExpressionKey(lines: readonly string[], line: number): string | undefined {
  for (let l = line; l >= 0 && !/matchExpressions:/.test(lines[l]); l--) {
    const found = /^\s*(?:-\s+)?key:\s*["']?([^"'\s#,}]+)/.exec(lines[l]);
    if (found) return found[1];
  }
  return undefined;
}

/**
 * Label values such as `yes`, `true`, `1` or `null` are not strings in YAML 1.1
 * unless quoted; right after `key:` a space is needed for the value to be one.
 */
export function valueText(value: string, line: string, context: CursorContext): string {
  const before = line[context.wordRange.start.character - 1];
  if (before === '"' || before === "'") return value;
  const text = readsAsString(value) ? value : JSON.stringify(value);
  return before === ':' ? ` ${text}` : text;
}

function readsAsString(value: string): boolean {
  try {
    return jsyaml.load(value, { schema: YAML11_SCHEMA }) === value;
  } catch {
    return false;
  }
}
