// Quick fixes: for a finding whose README entry shows a mechanical fix, the text
// edits that turn the "Fails" shape into the "Fixed" one. A fix is computed from the
// diagnostic's code and range and the text as it is now: the range says which node
// of the policy the finding is on (matched against KubeObject.locate), the node's
// value says what to write. Nothing here re-validates; a finding whose node cannot
// be found again (the text moved on) simply gets no fix.
import { formatNetwork, parseCidrSloppy } from '../../cidr';
import { isNetworkPolicy, type KubeObject, type ManifestFile } from '../../manifests';
import { policyTypeOf, type Direction } from '../../policy';
import { compareRangeStarts, contains } from '../../ranges';
import { describeSelector, type LabelSelector } from '../../selectors';
import type { EngineDiagnostic, JsonPath, Range } from '../../types';
import { isPlainObject } from '../../values';
import { directions, peerListOf, rulesOf, selectorOf } from '../../validate/lint/shapes';
import { namespacesMatchingElsewhere } from '../../validate/nearMisses';
import { closestName } from '../../validate/schema';
import { NAMESPACE_NAME_LABEL } from '../../workloads';
import type { Workspace } from '../../workspace';
import { describeDnsTarget, dnsRule, dnsTarget } from './dnsRule';
import { blockLines, flowText, YamlText, type IndentStyle, type TextEdit, type YamlValue } from './yamlEdits';

export type { TextEdit } from './yamlEdits';

export interface QuickFix {
  /** What the edit does, and for traffic what it means. */
  title: string;
  diagnostic: EngineDiagnostic;
  edits: TextEdit[];
  /** The one obvious fix of its finding (LSP isPreferred). */
  preferred: boolean;
  /**
   * The fixed policy allows exactly the traffic the written one does, as the API
   * server reads it (or read it before strict validation), and no choice between two
   * meanings is made: `source.fixAll.netpol` applies these without asking.
   */
  safe: boolean;
}

/** Codes whose fixes need the workspace (labels in use, the DNS workload). */
export const WORKSPACE_FIX_CODES: ReadonlySet<string> = new Set(['NP2005', 'NP3002', 'NP3004']);

/** The fixes of one diagnostic of `file`; none when the finding shows no mechanical fix. */
export function quickFixes(file: ManifestFile, diagnostic: EngineDiagnostic, workspace?: Workspace): QuickFix[] {
  const object = file.objects.find((o) => isNetworkPolicy(o) && contains(o.range, diagnostic.range.start));
  const compute = fixers[diagnostic.code];
  if (!object || !compute) return [];
  const context: FixContext = { object, yaml: new YamlText(file.source), diagnostic, workspace };
  return compute(context).filter((fix) => fix.edits.length > 0);
}

/** The edits of every safe fix of the diagnostics, those that overlap an earlier one left out. */
export function fixAllEdits(file: ManifestFile, diagnostics: readonly EngineDiagnostic[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const diagnostic of diagnostics) {
    const fix = quickFixes(file, diagnostic).find((f) => f.safe);
    if (fix && fix.edits.every((edit) => edits.every((taken) => !overlaps(edit.range, taken.range)))) edits.push(...fix.edits);
  }
  return edits.sort((a, b) => compareRangeStarts(a.range, b.range));
}

const overlaps = (a: Range, b: Range): boolean =>
  compareRangeStarts(a, { start: b.end, end: b.end }) < 0 && compareRangeStarts(b, { start: a.end, end: a.end }) < 0;

interface FixContext {
  object: KubeObject;
  yaml: YamlText;
  diagnostic: EngineDiagnostic;
  workspace?: Workspace;
}

type Fixer = (context: FixContext) => QuickFix[];

const fix = (
  context: FixContext,
  title: string,
  edits: Array<TextEdit | undefined>,
  preferred: boolean,
  safe = false,
): QuickFix[] =>
  edits.every((edit): edit is TextEdit => edit !== undefined)
    ? [{ title, diagnostic: context.diagnostic, edits, preferred, safe }]
    : [];

const sameRange = (a: Range | undefined, b: Range): boolean =>
  a !== undefined &&
  compareRangeStarts(a, b) === 0 &&
  compareRangeStarts({ start: a.end, end: a.end }, { start: b.end, end: b.end }) === 0;

/** The first path whose key (or value) range is the diagnostic's. */
function pathAt(context: FixContext, paths: Iterable<JsonPath>, on: 'key' | 'value'): JsonPath | undefined {
  for (const path of paths) {
    const location = context.object.locate(path);
    if (location.exact && sameRange(on === 'key' ? location.keyRange : location.valueRange, context.diagnostic.range))
      return path;
  }
  return undefined;
}

const valueAtPath = (object: KubeObject, path: JsonPath): unknown =>
  path.reduce<unknown>(
    (value, segment) =>
      value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined,
    object.value,
  );

const specOf = (object: KubeObject): Record<string, unknown> => (isPlainObject(object.value.spec) ? object.value.spec : {});

function* peerPaths(object: KubeObject): Generator<JsonPath> {
  for (const direction of directions) {
    for (const ruleAt of rulesOf(specOf(object), direction)) {
      const peers = ruleAt.rule[peerListOf[direction]];
      if (Array.isArray(peers))
        for (let index = 0; index < peers.length; index++) yield [...ruleAt.path, peerListOf[direction], index];
    }
  }
}

function* selectorPaths(object: KubeObject): Generator<JsonPath> {
  yield ['spec', 'podSelector'];
  for (const peer of peerPaths(object)) {
    yield [...peer, 'podSelector'];
    yield [...peer, 'namespaceSelector'];
  }
}

function* cidrPaths(object: KubeObject): Generator<JsonPath> {
  for (const peer of peerPaths(object)) {
    const ipBlock = valueAtPath(object, [...peer, 'ipBlock']);
    if (!isPlainObject(ipBlock)) continue;
    yield [...peer, 'ipBlock', 'cidr'];
    if (Array.isArray(ipBlock.except))
      for (let index = 0; index < ipBlock.except.length; index++) yield [...peer, 'ipBlock', 'except', index];
  }
}

function* portPaths(object: KubeObject): Generator<JsonPath> {
  for (const direction of directions) {
    for (const ruleAt of rulesOf(specOf(object), direction)) {
      const ports = ruleAt.rule.ports;
      if (Array.isArray(ports)) for (let index = 0; index < ports.length; index++) yield [...ruleAt.path, 'ports', index];
    }
  }
}

/** Every key of the object, depth first: where an unknown field may be. */
function* keyPaths(value: unknown, path: JsonPath = []): Generator<JsonPath> {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) yield* keyPaths(value[index], [...path, index]);
  } else if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      yield [...path, key];
      yield* keyPaths(child, [...path, key]);
    }
  }
}

/**
 * How the file indents below `spec`: the step from `spec` to its keys, and how far a
 * block sequence's "-" stands right of its key (policyTypes, ingress or egress).
 */
function indentStyle(context: FixContext): IndentStyle {
  const { yaml, object } = context;
  const spec = object.locate(['spec']);
  const specKey = spec.keyRange ? yaml.column(yaml.offset(spec.keyRange.start)) : 0;
  const step = Math.max(1, yaml.column(yaml.offset(spec.valueRange.start)) - specKey);
  for (const key of ['policyTypes', 'ingress', 'egress']) {
    const location = object.locate(['spec', key]);
    if (!location.exact || !location.keyRange || yaml.isFlow(location.valueRange)) continue;
    const dash = yaml.offset(location.valueRange.start);
    if (yaml.text[dash] === '-')
      return { step, sequenceIndent: yaml.column(dash) - yaml.column(yaml.offset(location.keyRange.start)) };
  }
  return { step, sequenceIndent: step };
}

/**
 * A new `key: value` at the end of `spec`: block lines at the indentation of spec's
 * keys, or a flow entry when spec is written in flow style (and JSON).
 */
function addSpecEntry(context: FixContext, key: string, value: YamlValue, before?: string): TextEdit | undefined {
  const { yaml } = context;
  const spec = context.object.locate(['spec']);
  if (!spec.exact) return undefined;
  const next = before === undefined ? undefined : context.object.locate(['spec', before]).keyRange;
  const end = yaml.offset(spec.valueRange.end);
  if (yaml.isFlow(spec.valueRange)) {
    const close = yaml.previousSignificant(end);
    const json = yaml.text[yaml.nextSignificant(yaml.offset(spec.valueRange.start) + 1)] === '"';
    const entry = `${json ? JSON.stringify(key) : key}: ${flowText(value, json)}`;
    const last = yaml.previousSignificant(close);
    return yaml.text[last] === '{' ? yaml.edit(close, close, entry) : yaml.edit(last + 1, last + 1, `, ${entry}`);
  }
  const indent = ' '.repeat(yaml.column(yaml.offset(spec.valueRange.start)));
  const lines = blockLines({ [key]: value }, indentStyle(context)).map((line) => indent + line);
  if (next && yaml.startsLine(yaml.offset(next.start))) {
    const at = yaml.lineStart(yaml.offset(next.start));
    return yaml.edit(at, at, lines.join(yaml.eol) + yaml.eol);
  }
  const at = yaml.nextLineStart(end);
  const needsBreak = at === yaml.text.length && !yaml.text.endsWith('\n');
  return yaml.edit(at, at, (needsBreak ? yaml.eol : '') + lines.join(yaml.eol) + yaml.eol);
}

// ---- The fixes, by code ------------------------------------------------------------

/** NP1001: the known field the unknown one resembles, as the message names it (schema.ts unknownField: "did you mean `x`?"). */
const unknownField: Fixer = (context) => {
  const suggestion = /did you mean `([^`]+)`\?/.exec(context.diagnostic.message)?.[1];
  const path = suggestion && pathAt(context, keyPaths(context.object.value), 'key');
  if (!suggestion || !path) return [];
  const parent = valueAtPath(context.object, path.slice(0, -1));
  // Renaming onto a key that is there already would make a duplicate key (NP0005) of it.
  if (isPlainObject(parent) && Object.hasOwn(parent, suggestion)) return [];
  const key = context.object.locate(path).keyRange!;
  return fix(context, `Rename ${String(path.at(-1))} to ${suggestion}`, [context.yaml.replaceScalar(key, suggestion)], true);
};

/** NP1503, NP1504, NP2007: the network the API server reads the value as, written canonically. */
const canonicalCidr: Fixer = (context) => {
  const path = pathAt(context, cidrPaths(context.object), 'value');
  const text = path && valueAtPath(context.object, path);
  const parsed = typeof text === 'string' ? parseCidrSloppy(text) : undefined;
  if (!path || !parsed) return [];
  const range = context.object.locate(path).valueRange;
  const network = formatNetwork(parsed);
  const fixes: QuickFix[] = [];
  // Before strict validation the API server masked host bits off: the network is what it applied.
  if (network !== text)
    fixes.push(
      ...fix(context, `Change to the canonical network ${network}`, [context.yaml.replaceScalar(range, network)], true, true),
    );
  if (context.diagnostic.code === 'NP1504') {
    const single = formatNetwork({ ...parsed, network: parsed.address, prefixLength: parsed.family === 4 ? 32 : 128 });
    fixes.push(
      ...fix(
        context,
        `Change to the single address ${single} (allows less than today)`,
        [context.yaml.replaceScalar(range, single)],
        false,
      ),
    );
  }
  return fixes;
};

/** NP1204: Exists and DoesNotExist take no values; the API server refuses them, so removing them changes no meaning. */
const valuesNotAllowed: Fixer = (context) => {
  const paths = function* (): Generator<JsonPath> {
    for (const selector of selectorPaths(context.object)) {
      const expressions = valueAtPath(context.object, [...selector, 'matchExpressions']);
      if (Array.isArray(expressions))
        for (let index = 0; index < expressions.length; index++) yield [...selector, 'matchExpressions', index, 'values'];
    }
  };
  const path = pathAt(context, paths(), 'key');
  if (!path) return [];
  const location = context.object.locate(path);
  const operator = valueAtPath(context.object, [...path.slice(0, -1), 'operator']);
  return fix(
    context,
    `Remove the values (${String(operator)} takes none)`,
    [context.yaml.removeMappingEntry(location.keyRange!, location.valueRange)],
    true,
    true,
  );
};

/** NP2003, NP2006: the repeat does nothing; removing it changes nothing. */
const removeDuplicate =
  (what: string, paths: (object: KubeObject) => Iterable<JsonPath>): Fixer =>
  (context) => {
    const path = pathAt(context, paths(context.object), 'value');
    if (!path) return [];
    return fix(
      context,
      `Remove the duplicate ${what}`,
      [context.yaml.removeSequenceItem(context.object.locate(path).valueRange)],
      true,
      true,
    );
  };

function* policyTypePaths(object: KubeObject): Generator<JsonPath> {
  const types = specOf(object).policyTypes;
  if (Array.isArray(types)) for (let index = 0; index < types.length; index++) yield ['spec', 'policyTypes', index];
}

/**
 * NP2001, NP2002: two fixes, the safer first. Removing the rules keeps what the
 * cluster does today (they are ignored); adding the type starts enforcing them, which
 * denies the traffic of that direction they do not allow: what the author probably
 * meant, but a change of behaviour to make knowingly. Neither is preferred.
 */
const ignoredRules =
  (direction: Direction): Fixer =>
  (context) => {
    const { object, yaml } = context;
    const location = object.locate(['spec', direction]);
    if (!sameRange(location.keyRange, context.diagnostic.range)) return [];
    const type = policyTypeOf(direction);
    const policyTypes = object.locate(['spec', 'policyTypes']);
    return [
      ...fix(
        context,
        `Remove the ${direction} rules (they have no effect: traffic stays as it is)`,
        [yaml.removeMappingEntry(location.keyRange!, location.valueRange)],
        false,
      ),
      ...fix(
        context,
        `Add ${type} to policyTypes (enforces these rules: ${direction} they do not allow is denied)`,
        [
          policyTypes.exact
            ? yaml.addSequenceItem(policyTypes.valueRange, type, type === 'Ingress' ? 'first' : 'last', indentStyle(context))
            : undefined,
        ],
        false,
      ),
    ];
  };

/**
 * NP2004: the two readings, each saying what it allows. Keeping the peers apart (with
 * the podSelector's namespace written out, which is what it means alone) keeps the
 * traffic allowed today; combining them narrows it to what the stray "-" probably hid.
 */
const andOrTrap: Fixer = (context) => {
  const { object, yaml } = context;
  const second = pathAt(context, peerPaths(object), 'value');
  if (!second) return [];
  const index = second.at(-1) as number;
  const first = [...second.slice(0, -1), index - 1];
  const peers = [first, second].map((path) => valueAtPath(object, path) as Record<string, unknown>);
  const podAt = 'podSelector' in peers[0] ? 0 : 1;
  const podSelector = describeSelector(selectorOf(peers[podAt].podSelector));
  const namespaceSelector = describeNamespaces(selectorOf(peers[1 - podAt].namespaceSelector));
  const firstRange = object.locate(first).valueRange;
  const secondRange = object.locate(second).valueRange;
  const fixes: QuickFix[] = [];
  const namespace = context.workspace ? context.workspace.namespaceOf(object) : writtenNamespace(object);
  if (namespace !== undefined) {
    const explicit = { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } };
    const podPeer = podAt === 0 ? firstRange : secondRange;
    fixes.push(
      ...fix(
        context,
        `Keep two peers (OR): any pod in ${namespaceSelector}, or pods ${podSelector} in ${namespace}`,
        [addPeerEntry(context, podPeer, 'namespaceSelector', explicit, [...(podAt === 0 ? first : second), 'podSelector'])],
        false,
      ),
    );
  }
  fixes.push(
    ...fix(
      context,
      `Combine into one peer (AND): only pods ${podSelector} in ${namespaceSelector}`,
      [joinPeers(yaml, firstRange, secondRange)],
      false,
    ),
  );
  return fixes;
};

/** "namespace monitoring" for a selector on the name label alone, else "namespaces team=infra": titles stay short. */
function describeNamespaces(selector: LabelSelector): string {
  const [only] = selector.matchLabels;
  if (selector.matchLabels.length === 1 && selector.matchExpressions.length === 0 && only.key === NAMESPACE_NAME_LABEL)
    return `namespace ${only.value}`;
  return `namespaces ${describeSelector(selector)}`;
}

const writtenNamespace = (object: KubeObject): string | undefined => {
  const metadata = object.value.metadata;
  return isPlainObject(metadata) && typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
};

/** The second peer's keys moved into the first: in block style its "-" becomes a space, in flow style "}, {" a comma. */
function joinPeers(yaml: YamlText, first: Range, second: Range): TextEdit | undefined {
  const firstStart = yaml.offset(first.start);
  const secondStart = yaml.offset(second.start);
  if (yaml.text[firstStart] === '{' && yaml.text[secondStart] === '{') {
    const firstClose = yaml.previousSignificant(yaml.offset(first.end));
    return yaml.edit(yaml.previousSignificant(firstClose) + 1, yaml.nextSignificant(secondStart + 1), ', ');
  }
  const dash = yaml.previousSignificant(secondStart);
  if (yaml.text[dash] !== '-' || !yaml.startsLine(dash) || yaml.lineStart(dash) !== yaml.lineStart(secondStart)) return undefined;
  if (yaml.column(firstStart) !== yaml.column(secondStart)) return undefined;
  return yaml.edit(dash, secondStart, ' '.repeat(secondStart - dash));
}

/** A selector added to a peer, before its podSelector: block lines at the same column, or a flow entry. */
function addPeerEntry(context: FixContext, peer: Range, key: string, value: YamlValue, before: JsonPath): TextEdit | undefined {
  const { yaml, object } = context;
  const start = yaml.offset(peer.start);
  if (yaml.text[start] === '{') {
    const json = yaml.text[yaml.nextSignificant(start + 1)] === '"';
    return yaml.edit(start + 1, start + 1, `${json ? JSON.stringify(key) : key}: ${flowText(value, json)}, `);
  }
  const keyRange = object.locate(before).keyRange;
  if (!keyRange) return undefined;
  const at = yaml.offset(keyRange.start);
  const indent = ' '.repeat(yaml.column(at));
  const lines = blockLines({ [key]: value }, indentStyle(context));
  return yaml.edit(at, at, lines.map((line, i) => (i === 0 ? line : indent + line)).join(yaml.eol) + yaml.eol + indent);
}

/** NP2005: an egress rule to the cluster DNS pods, UDP and TCP 53. */
const dnsEgress: Fixer = (context) => {
  const { object, yaml } = context;
  const target = dnsTarget(context.workspace);
  const rule = dnsRule(target);
  const egress = object.locate(['spec', 'egress']);
  const title = `Allow DNS egress: UDP and TCP 53 to ${describeDnsTarget(target)}`;
  if (!egress.exact) return fix(context, title, [addSpecEntry(context, 'egress', [rule])], true);
  const start = yaml.offset(egress.valueRange.start);
  const empty = yaml.text.slice(start, yaml.offset(egress.valueRange.end)).replace(/\s/g, '') === '[]';
  if (empty && !yaml.isFlow(object.locate(['spec']).valueRange) && egress.keyRange) {
    // `egress: []` in a block mapping becomes a block list.
    const style = indentStyle(context);
    const indent = ' '.repeat(yaml.column(yaml.offset(egress.keyRange.start)) + style.sequenceIndent);
    const lines = blockLines([rule], style).map((line) => indent + line);
    return fix(
      context,
      title,
      [yaml.edit(yaml.offset(egress.keyRange.end), yaml.offset(egress.valueRange.end), `:${yaml.eol}${lines.join(yaml.eol)}`)],
      true,
    );
  }
  return fix(context, title, [yaml.addSequenceItem(egress.valueRange, rule, 'last', indentStyle(context))], true);
};

/** NP2010: the same entry over UDP, before the TCP one; the TCP entry says its protocol when it left it implicit. */
const dnsOverUdp: Fixer = (context) => {
  const { object, yaml } = context;
  const path = pathAt(context, portPaths(object), 'value');
  const entry = path && valueAtPath(object, path);
  if (!path || !isPlainObject(entry)) return [];
  const range = object.locate(path).valueRange;
  const udp: Record<string, YamlValue> = { protocol: 'UDP', port: entry.port as number };
  if (typeof entry.endPort === 'number') udp.endPort = entry.endPort;
  const edits = [yaml.addSiblingItem(range, udp, 'before', indentStyle(context))];
  const start = yaml.offset(range.start);
  if (entry.protocol === undefined && !yaml.isFlow(range))
    edits.push(yaml.edit(start, start, `protocol: TCP${yaml.eol}${' '.repeat(yaml.column(start))}`));
  return fix(context, 'Allow DNS over UDP too (add UDP port 53)', edits, true);
};

/** NP2008: policyTypes written out (before `egress`), so `egress: []` denies all egress; Ingress kept when ingress rules are written. */
const emptyEgress: Fixer = (context) => {
  const spec = specOf(context.object);
  const types = spec.ingress === undefined ? ['Egress'] : ['Ingress', 'Egress'];
  return fix(
    context,
    `Add policyTypes: [${types.join(', ')}] (denies all egress)`,
    [addSpecEntry(context, 'policyTypes', types, 'egress')],
    true,
  );
};

/**
 * NP3004: a namespaceSelector label no namespace has, when namespaces have one value
 * (or key) close to it. Preferred when only one is close.
 */
const namespaceLabelNearMiss: Fixer = (context) => {
  const { object, workspace } = context;
  if (!workspace) return [];
  const candidates = function* (): Generator<JsonPath> {
    for (const peer of peerPaths(object)) {
      const selector = valueAtPath(object, [...peer, 'namespaceSelector']);
      if (!isPlainObject(selector)) continue;
      if (isPlainObject(selector.matchLabels))
        for (const key of Object.keys(selector.matchLabels)) yield [...peer, 'namespaceSelector', 'matchLabels', key];
      if (Array.isArray(selector.matchExpressions))
        for (const [index, expression] of selector.matchExpressions.entries())
          if (isPlainObject(expression) && Array.isArray(expression.values))
            for (let valueIndex = 0; valueIndex < expression.values.length; valueIndex++)
              yield [...peer, 'namespaceSelector', 'matchExpressions', index, 'values', valueIndex];
    }
  };
  const path = pathAt(context, candidates(), 'value');
  if (!path) return [];
  const value = valueAtPath(object, path);
  const key = path.includes('matchLabels') ? String(path.at(-1)) : valueAtPath(object, [...path.slice(0, -2), 'key']);
  if (typeof value !== 'string' || typeof key !== 'string') return [];
  return labelFix(context, path, key, value, workspace.namespaceLabelValues(key), workspace.namespaceLabelKeys(), 'namespaces');
};

/**
 * NP3002 on a podSelector: the first matchLabels entry no workload where the peer
 * looks has, when those workloads have a value (or key) close to it.
 */
const podLabelNearMiss: Fixer = (context) => {
  const { object, workspace } = context;
  if (!workspace) return [];
  const podSelectors = function* (): Generator<JsonPath> {
    for (const peer of peerPaths(object)) yield [...peer, 'podSelector'];
  };
  const path = pathAt(context, podSelectors(), 'key');
  const selector = path && valueAtPath(object, path);
  if (!path || !isPlainObject(selector) || !isPlainObject(selector.matchLabels)) return [];
  const namespaceSelector = valueAtPath(object, [...path.slice(0, -1), 'namespaceSelector']);
  if (namespaceSelector === undefined || namespaceSelector === null) {
    const forgotten = forgottenNamespaceSelector(context, path, selector);
    if (forgotten.length > 0) return forgotten;
  }
  const namespaces =
    namespaceSelector === undefined || namespaceSelector === null
      ? [workspace.namespaceOf(object)]
      : workspace.namespacesSelectedBy(selectorOf(namespaceSelector)).map((ns) => ns.name);
  const workloads = namespaces.flatMap((ns) => workspace.workloadsIn(ns));
  for (const [key, value] of Object.entries(selector.matchLabels)) {
    if (typeof value !== 'string' || workloads.some((w) => w.labels[key] === value)) continue;
    const values = [...new Set(workloads.flatMap((w) => (Object.hasOwn(w.labels, key) ? [w.labels[key]] : [])))];
    const keys = [...new Set(workloads.flatMap((w) => Object.keys(w.labels)))];
    return labelFix(context, [...path, 'matchLabels', key], key, value, values, keys, 'workloads');
  }
  return [];
};

/** How many namespaces a forgotten-namespaceSelector fix is offered for, at most. */
const MAX_NAMESPACE_FIXES = 3;

/**
 * NP3002, the classic forgotten namespaceSelector: a podSelector alone selects in the
 * policy's namespace only, while the pods it names are in another. One fix per such
 * namespace adds a namespaceSelector on its name; preferred when there is one.
 */
function forgottenNamespaceSelector(context: FixContext, podSelectorPath: JsonPath, podSelector: unknown): QuickFix[] {
  const { object, workspace } = context;
  const selector = selectorOf(podSelector);
  const elsewhere = namespacesMatchingElsewhere(selector, [workspace!.namespaceOf(object)], workspace!);
  const peer = object.locate(podSelectorPath.slice(0, -1)).valueRange;
  return elsewhere
    .slice(0, MAX_NAMESPACE_FIXES)
    .flatMap((namespace) =>
      fix(
        context,
        `Select pods ${describeSelector(selector)} in namespace ${namespace} (add a namespaceSelector)`,
        [
          addPeerEntry(
            context,
            peer,
            'namespaceSelector',
            { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
            podSelectorPath,
          ),
        ],
        elsewhere.length === 1,
      ),
    );
}

/** The value closest to the written one among those in use, or when the key is in use nowhere, the closest key. */
function labelFix(
  context: FixContext,
  path: JsonPath,
  key: string,
  value: string,
  valuesOfKey: readonly string[],
  keysInUse: readonly string[],
  holders: string,
): QuickFix[] {
  const location = context.object.locate(path);
  const others = valuesOfKey.filter((v) => v !== value);
  if (others.length > 0) {
    const found = onlyCloseName(value, others);
    if (!found) return [];
    const { close, alone } = found;
    return fix(
      context,
      `Use ${key}=${close} (${holders} have it)`,
      [context.yaml.replaceScalar(location.valueRange, close)],
      alone,
    );
  }
  if (valuesOfKey.length > 0 || location.keyRange === undefined || !path.includes('matchLabels')) return [];
  const foundKey = onlyCloseName(key, keysInUse);
  if (!foundKey) return [];
  const { close: closeKey, alone } = foundKey;
  return fix(
    context,
    `Use the label key ${closeKey} (${holders} have it)`,
    [context.yaml.replaceScalar(location.keyRange, closeKey)],
    alone,
  );
}

/** NP1205, NP1301, NP1602: an enum value written in the wrong case or a letter off, changed to the value it resembles. */
const closestAllowed =
  (allowed: readonly string[], paths: (object: KubeObject) => Iterable<JsonPath>): Fixer =>
  (context) => {
    const path = pathAt(context, paths(context.object), 'value');
    const written = path && valueAtPath(context.object, path);
    const close = typeof written === 'string' ? closestName(written, allowed) : undefined;
    if (!path || close === undefined || close === written) return [];
    return fix(context, `Change to ${close}`, [context.yaml.replaceScalar(context.object.locate(path).valueRange, close)], true);
  };

/** NP1701: NetworkPolicy is served as networking.k8s.io/v1 only; the spec of extensions/v1beta1 is the same. */
const servedVersion: Fixer = (context) => {
  const location = context.object.locate(['apiVersion']);
  if (!sameRange(location.valueRange, context.diagnostic.range)) return [];
  return fix(
    context,
    `Change apiVersion to ${SERVED_API_VERSION}`,
    [context.yaml.replaceScalar(location.valueRange, SERVED_API_VERSION)],
    true,
  );
};

const SERVED_API_VERSION = 'networking.k8s.io/v1';

function* operatorPaths(object: KubeObject): Generator<JsonPath> {
  for (const selector of selectorPaths(object)) {
    const expressions = valueAtPath(object, [...selector, 'matchExpressions']);
    if (Array.isArray(expressions))
      for (let index = 0; index < expressions.length; index++) yield [...selector, 'matchExpressions', index, 'operator'];
  }
}

function* protocolPaths(object: KubeObject): Generator<JsonPath> {
  for (const port of portPaths(object)) yield [...port, 'protocol'];
}

const fixers: Record<string, Fixer> = {
  NP1001: unknownField,
  NP1205: closestAllowed(['In', 'NotIn', 'Exists', 'DoesNotExist'], operatorPaths),
  NP1301: closestAllowed(['TCP', 'UDP', 'SCTP'], protocolPaths),
  NP1602: closestAllowed(['Ingress', 'Egress'], policyTypePaths),
  NP1701: servedVersion,
  NP1204: valuesNotAllowed,
  NP1503: canonicalCidr,
  NP1504: canonicalCidr,
  NP2001: ignoredRules('ingress'),
  NP2002: ignoredRules('egress'),
  NP2003: removeDuplicate('port entry', portPaths),
  NP2004: andOrTrap,
  NP2005: dnsEgress,
  NP2006: removeDuplicate('policyType', policyTypePaths),
  NP2007: canonicalCidr,
  NP2008: emptyEgress,
  NP2010: dnsOverUdp,
  NP3002: podLabelNearMiss,
  NP3004: namespaceLabelNearMiss,
};

/** The closest candidate, and whether no other is close too (then its fix is the obvious one). */
function onlyCloseName(written: string, candidates: readonly string[]): { close: string; alone: boolean } | undefined {
  const close = closestName(written, candidates);
  if (close === undefined) return undefined;
  return {
    close,
    alone:
      closestName(
        written,
        candidates.filter((c) => c !== close),
      ) === undefined,
  };
}
