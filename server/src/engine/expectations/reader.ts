// Reading expectations files: ReachabilityExpectations documents, found by kind among
// the objects of every file of a workspace (§5.2), into expectations with ranges and
// the file's problems as diagnostics (schema NPT010, endpoints NPT011, ports NPT012,
// duplicate ids NPT013). The workspace keeps every object of a file whatever its kind;
// this kind contributes no workload and no policy (contributions.ts reads neither from it).
import { parseCidrStrict } from '../cidr';
import { cidrMinus } from '../cidrSet';
import { makeDiagnostic } from '../diagnosticCodes';
import type { KubeObject, ManifestFile } from '../manifests';
import { isProtocol, isPortNumber, type Protocol } from '../ports';
import { compareRangeStarts } from '../ranges';
import { compareStrings, describeSelector, isValidSelector, parseLabelSelector } from '../selectors';
import type { EngineDiagnostic, JsonPath, Range } from '../types';
import { isPlainObject, valueAt } from '../values';
import { parseWorkloadRef } from '../workloadRef';
import type { Workspace } from '../workspace';
import {
  EXPECTATIONS_KIND,
  type EndpointSpec,
  type EnforcedAt,
  type ExpectKind,
  type Expectation,
  type ExpectationsDocument,
  type ExpectationsFile,
  type PortSpec,
  type PortsSpec,
  type RefSpec,
} from './model';
import { formatPath, schemaErrors } from './schemaErrors';

/** An expectations document: detected by kind, in our API group (another version is a schema error on apiVersion). */
export const isExpectationsObject = (object: KubeObject): boolean =>
  object.kind === EXPECTATIONS_KIND && /^netpol-navigator\.dev\//.test(object.apiVersion);

const byManifest = new WeakMap<ManifestFile, ExpectationsFile | null>();

/** The expectations files of a workspace, by URI; files without an expectations document are not listed. */
export function expectationsFiles(workspace: Workspace): ExpectationsFile[] {
  const files: ExpectationsFile[] = [];
  for (const uri of workspace.uris()) {
    const manifest = workspace.manifest(uri);
    const file = manifest && readExpectationsFile(manifest);
    if (file) files.push(file);
  }
  return files;
}

/** The expectations of one parsed file; undefined when it holds no expectations document. Kept per parse. */
export function readExpectationsFile(manifest: ManifestFile): ExpectationsFile | undefined {
  const known = byManifest.get(manifest);
  if (known !== undefined) return known ?? undefined;
  const objects = manifest.objects.filter(isExpectationsObject);
  const file = objects.length === 0 ? null : readObjects(manifest, objects);
  byManifest.set(manifest, file);
  return file ?? undefined;
}

function readObjects(manifest: ManifestFile, objects: readonly KubeObject[]): ExpectationsFile {
  const diagnostics: EngineDiagnostic[] = [];
  const documents = objects.map((object) => readDocument(manifest.uri, object, diagnostics));
  // Ids name expectations in CI reports: a second use in the file is a problem, and that expectation is not evaluated.
  const firstWithId = new Map<string, Expectation>();
  for (const expectation of documents.flatMap((d) => d.expectations)) {
    const first = firstWithId.get(expectation.id);
    if (!first) {
      firstWithId.set(expectation.id, expectation);
      continue;
    }
    const diagnostic: EngineDiagnostic = {
      ...makeDiagnostic(
        'NPT013',
        expectation.range,
        `duplicate expectation id "${expectation.id}": "${first.name}" (line ${first.range.start.line + 1}) has it already`,
      ),
      related: [{ uri: first.uri, range: first.range, message: `first expectation with id "${expectation.id}"` }],
    };
    expectation.problems.push(diagnostic);
    diagnostics.push(diagnostic);
  }
  diagnostics.sort((a, b) => compareRangeStarts(a.range, b.range) || compareStrings(a.code, b.code));
  return { uri: manifest.uri, documents, diagnostics };
}

function readDocument(uri: string, object: KubeObject, fileDiagnostics: EngineDiagnostic[]): ExpectationsDocument {
  const value = object.value;
  const errors = schemaErrors(object);
  for (const error of errors) fileDiagnostics.push(error.diagnostic);
  const name = valueAt(value, ['metadata', 'name']);
  const suite = typeof name === 'string' && name !== '' ? name : (uri.split('/').pop() ?? uri);
  const protocol = valueAt(value, ['spec', 'defaults', 'protocol']);
  const defaultProtocol: Protocol = isProtocol(protocol) ? protocol : 'TCP';
  // A version we do not read: its expectations are not evaluated (the schema error says why).
  const readable = object.apiVersion === 'netpol-navigator.dev/v1alpha1';
  const items = valueAt(value, ['spec', 'expectations']);
  const expectations: Expectation[] = [];
  if (readable && Array.isArray(items)) {
    items.forEach((item, index) => {
      const path = ['spec', 'expectations', index];
      const own = errors.filter((e) => startsWith(e.path, path)).map((e) => e.diagnostic);
      const expectation = readExpectation(uri, object, path, item, suite, defaultProtocol, own);
      fileDiagnostics.push(...expectation.problems.filter((p) => !own.includes(p)));
      expectations.push(expectation);
    });
  }
  return { uri, range: object.range, suite, defaultProtocol, expectations };
}

function readExpectation(
  uri: string,
  object: KubeObject,
  path: JsonPath,
  item: unknown,
  suite: string,
  defaultProtocol: Protocol,
  schemaProblems: EngineDiagnostic[],
): Expectation {
  const problems = [...schemaProblems];
  const range = object.locate(path).valueRange;
  const field = (key: string): unknown => (isPlainObject(item) ? valueAt(item, [key]) : undefined);
  const rangeOf = (...rest: JsonPath) => object.locate([...path, ...rest]).valueRange;
  const problem = (code: string, at: Range, message: string) => problems.push(makeDiagnostic(code, at, message));

  const expectValue = field('expect');
  const expect: ExpectKind = expectValue === 'allowed' || expectValue === 'exactly' ? expectValue : 'denied';
  const enforcedValue = field('enforcedAt');
  const enforcedAt: EnforcedAt = enforcedValue === 'ingress' || enforcedValue === 'egress' ? enforcedValue : 'either';
  if (enforcedAt !== 'either' && expect !== 'denied')
    problem('NPT010', rangeOf('enforcedAt'), `enforcedAt applies to expect: denied only (here expect: ${expect})`);

  const from = readEndpoints(object, [...path, 'from'], field('from'), problem);
  const to = readEndpoints(object, [...path, 'to'], field('to'), problem);
  const ports = readPorts(object, [...path, 'ports'], field('ports'), defaultProtocol, problem);
  if (ports === undefined && field('ports') === undefined && expect !== 'denied')
    problem(
      'NPT012',
      rangeOf('expect'),
      `expect: ${expect} needs \`ports\` (a list, or any / all): "reach" without ports is ambiguous`,
    );
  if (ports?.kind === 'any' && expect === 'exactly')
    problem('NPT012', ports.range, 'expect: exactly needs the exact ports (a list, or all), not any');
  if (ports?.kind === 'any' && expect === 'denied')
    problem('NPT012', ports.range, 'expect: denied with any would deny nothing in particular: write all, or leave ports out');

  const tagsValue = field('tags');
  const tags = Array.isArray(tagsValue) ? tagsValue.filter((t): t is string => typeof t === 'string') : [];
  const skipValue = field('skip');
  const skip = typeof skipValue === 'string' ? skipValue : undefined;

  const nameValue = field('name');
  const named = typeof nameValue === 'string' && nameValue.trim() !== '';
  const name = named ? nameValue : defaultName(from, to, expect, ports);
  const idValue = field('id');
  const id =
    typeof idValue === 'string' && idValue !== ''
      ? idValue
      : (named && slug(nameValue)) ||
        `exp-${hash(JSON.stringify([field('from'), field('to'), expect, field('ports') ?? null, enforcedAt]))}`;

  return {
    id,
    name,
    named,
    uri,
    range,
    suite,
    from,
    to,
    fromRange: rangeOf('from'),
    toRange: rangeOf('to'),
    expect,
    ...(ports ? { ports } : {}),
    enforcedAt,
    ...(skip !== undefined ? { skip } : {}),
    tags,
    problems,
  };
}

type Problem = (code: string, at: Range, message: string) => void;

function readEndpoints(object: KubeObject, path: JsonPath, value: unknown, problem: Problem): EndpointSpec[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => {
      const endpoint = readEndpoint(object, [...path, index], item, problem);
      return endpoint ? [endpoint] : [];
    });
  const endpoint = readEndpoint(object, path, value, problem);
  return endpoint ? [endpoint] : [];
}

const FORMS = ['ref', 'namespace', 'namespaceSelector', 'podSelector', 'cidr', 'hypothetical'] as const;

function readEndpoint(object: KubeObject, path: JsonPath, value: unknown, problem: Problem): EndpointSpec | undefined {
  const range = object.locate(path).valueRange;
  if (typeof value === 'string') {
    if (value === '*') return { kind: 'everyone', range };
    // `10.0.0.0/8` reads as a ref too (namespace "10.0.0.0", name "8"): a CIDR is refused first.
    if (parseCidrStrict(value) || /^[\d.:a-fA-F]+\/\d+$/.test(value))
      problem('NPT011', range, `"${value}" looks like a CIDR: write {cidr: ${value}} (a bare string is a workload ref)`);
    else if (parseWorkloadRef(value)) return { kind: 'ref', ref: value, range };
    else problem('NPT011', range, `"${value}" is not a workload ref: expected namespace/name[Kind], namespace/name, or "*"`);
    return undefined;
  }
  if (!isPlainObject(value)) return undefined; // a wrong type: the schema error says so
  const at = (key: string) => object.locate([...path, key]).valueRange;
  const keyAt = (key: string) => object.locate([...path, key]).keyRange ?? at(key);
  const present = FORMS.filter((form) => value[form] !== undefined && value[form] !== null);
  const selectorForm = present.every((form) => form === 'namespace' || form === 'namespaceSelector' || form === 'podSelector');
  if (present.length === 0) {
    problem('NPT011', range, 'an endpoint needs one of ref, namespace, namespaceSelector/podSelector, cidr or hypothetical');
    return undefined;
  }
  if (!selectorForm && present.length > 1) {
    problem('NPT011', keyAt(present[1]), `an endpoint is exactly one form: ${present.join(' and ')} cannot be combined`);
    return undefined;
  }
  if (present.includes('namespace') && present.includes('namespaceSelector')) {
    problem('NPT011', keyAt('namespaceSelector'), 'namespace and namespaceSelector cannot be combined: write one of them');
    return undefined;
  }
  const modifiers = (): { except: RefSpec[]; allowEmpty: boolean } => {
    const except = valueAt(value, ['except']);
    const refs: RefSpec[] = [];
    if (Array.isArray(except))
      except.forEach((ref, index) => {
        if (typeof ref !== 'string') return;
        const refRange = object.locate([...path, 'except', index]).valueRange;
        if (parseWorkloadRef(ref)) refs.push({ ref, range: refRange });
        else problem('NPT011', refRange, `"${ref}" is not a workload ref: except lists namespace/name[Kind] refs here`);
      });
    return { except: refs, allowEmpty: valueAt(value, ['allowEmpty']) === true };
  };
  const noModifiers = (form: string): void => {
    for (const key of ['except', 'allowEmpty'])
      if (value[key] !== undefined)
        problem('NPT011', keyAt(key), `${key} modifies a selector form (namespace, namespaceSelector/podSelector), not ${form}`);
  };
  const form = present[0];
  if (form === 'ref') {
    noModifiers('ref');
    const ref = value.ref;
    if (typeof ref !== 'string') return undefined;
    if (ref === '*') return { kind: 'everyone', range };
    if (!parseWorkloadRef(ref)) {
      problem('NPT011', at('ref'), `"${ref}" is not a workload ref: expected namespace/name[Kind] or namespace/name`);
      return undefined;
    }
    return { kind: 'ref', ref, range };
  }
  if (form === 'cidr') {
    if (value.allowEmpty !== undefined) problem('NPT011', keyAt('allowEmpty'), 'allowEmpty modifies a selector form, not cidr');
    const text = value.cidr;
    if (typeof text !== 'string') return undefined;
    const cidr = parseCidrStrict(text);
    if (!cidr) {
      problem('NPT011', at('cidr'), `"${text}" is not a CIDR (e.g. 203.0.113.0/24 or 2001:db8::/64)`);
      return undefined;
    }
    const exceptTexts: string[] = [];
    const excepts = [];
    const exceptValue = valueAt(value, ['except']);
    if (Array.isArray(exceptValue))
      for (const [index, item] of exceptValue.entries()) {
        if (typeof item !== 'string') continue;
        const parsed = parseCidrStrict(item);
        if (!parsed) {
          problem('NPT011', object.locate([...path, 'except', index]).valueRange, `"${item}" is not a CIDR`);
          continue;
        }
        exceptTexts.push(item);
        excepts.push(parsed);
      }
    return { kind: 'cidr', cidr: text, except: exceptTexts, addresses: cidrMinus(cidr, excepts), range };
  }
  if (form === 'hypothetical') {
    noModifiers('hypothetical');
    const hypothetical = value.hypothetical;
    if (!isPlainObject(hypothetical) || typeof hypothetical.namespace !== 'string') return undefined;
    const labels: Record<string, string> = {};
    if (isPlainObject(hypothetical.labels))
      for (const [key, label] of Object.entries(hypothetical.labels)) if (typeof label === 'string') labels[key] = label;
    return { kind: 'hypothetical', namespace: hypothetical.namespace, labels: labels, range };
  }
  // The selector forms.
  const selector = (key: 'namespaceSelector' | 'podSelector') => {
    if (value[key] === undefined || value[key] === null) return undefined;
    const parsed = parseLabelSelector(value[key], { object, path: [...path, key] });
    if (parsed && !isValidSelector(parsed)) {
      for (const p of parsed.problems) problem('NPT011', p.range ?? at(key), `${key}: ${p.message}`);
      return 'invalid' as const;
    }
    return parsed;
  };
  const namespaceSelector = selector('namespaceSelector');
  const podSelector = selector('podSelector');
  if (namespaceSelector === 'invalid' || podSelector === 'invalid') return undefined;
  const namespace = typeof value.namespace === 'string' ? value.namespace : undefined;
  if (value.namespace !== undefined && namespace === undefined) return undefined;
  if (podSelector && !namespaceSelector && namespace === undefined) {
    problem(
      'NPT011',
      keyAt('podSelector'),
      'podSelector alone has no namespace here (an expectation has no policy namespace): add namespace or namespaceSelector',
    );
    return undefined;
  }
  if (namespace !== undefined && !podSelector) return { kind: 'namespace', namespace, range, ...modifiers() };
  return {
    kind: 'selector',
    ...(namespace !== undefined ? { namespace } : {}),
    ...(namespaceSelector ? { namespaceSelector } : {}),
    ...(podSelector ? { podSelector } : {}),
    range,
    ...modifiers(),
  };
}

function readPorts(
  object: KubeObject,
  path: JsonPath,
  value: unknown,
  defaultProtocol: Protocol,
  problem: Problem,
): PortsSpec | undefined {
  const range = object.locate(path).valueRange;
  if (value === 'any' || value === 'all') return { kind: value, range };
  if (typeof value === 'string') {
    problem('NPT012', range, `ports is a list, or any / all, not "${value}"`);
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const ports: PortSpec[] = [];
  value.forEach((item, index) => {
    const itemRange = object.locate([...path, index]).valueRange;
    const port = readPort(item, itemRange, defaultProtocol);
    if ('error' in port) {
      if (port.error) problem('NPT012', itemRange, port.error);
    } else ports.push(port);
  });
  return { kind: 'list', ports, range };
}

function readPort(item: unknown, range: Range, defaultProtocol: Protocol): PortSpec | { error: string } {
  if (typeof item === 'number')
    return isPortNumber(item)
      ? { kind: 'range', protocol: defaultProtocol, from: item, to: item, text: String(item), range }
      : { error: '' }; // out of range or not an integer: the schema error says so
  if (typeof item !== 'string') return { error: '' };
  const text = item.trim();
  const match = /^([^/\s]+)(?:\/(\w+))?$/.exec(text);
  const protocolText = match?.[2];
  const protocol = protocolText === undefined ? defaultProtocol : protocolText.toUpperCase();
  if (!match || !isProtocol(protocol))
    return {
      error: match
        ? `"${protocolText}" is not a NetworkPolicy protocol: expected TCP, UDP or SCTP (ICMP and others are not subject to NetworkPolicy)`
        : `"${item}" is not a port: expected PORT[-END][/PROTOCOL] or a port name, e.g. 8080, 53/UDP, 8000-8100/TCP, http`,
    };
  const numbers = /^(\d+)(?:-(\d+))?$/.exec(match[1]);
  if (numbers) {
    const from = Number(numbers[1]);
    const to = numbers[2] === undefined ? from : Number(numbers[2]);
    if (!isPortNumber(from) || !isPortNumber(to)) return { error: `"${item}": ports are 1 to 65535` };
    if (to < from) return { error: `"${item}": the range ends before it starts` };
    return { kind: 'range', protocol, from, to, text, range };
  }
  // IANA_SVC_NAME, as a container port's name: at most 15 lower-case letters, digits and inner hyphens, with a letter.
  if (!/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(match[1]) || !/[a-z]/.test(match[1]) || match[1].includes('--'))
    return { error: `"${item}" is not a port number, range or port name (a name is up to 15 lower-case letters, digits and -)` };
  return { kind: 'named', protocol, name: match[1], text, range };
}

function startsWith(path: JsonPath, prefix: JsonPath): boolean {
  return prefix.every((segment, i) => path[i] === segment);
}

/** For people: `shop/frontend[Deployment]`, `*`, `namespace shop`, `203.0.113.0/24 except ...`. */
export function describeEndpoint(endpoint: EndpointSpec): string {
  switch (endpoint.kind) {
    case 'everyone':
      return '*';
    case 'ref':
      return endpoint.ref;
    case 'namespace':
      return `namespace ${endpoint.namespace}${exceptText(endpoint.except)}`;
    case 'selector': {
      const parts = [
        endpoint.namespace !== undefined ? `namespace ${endpoint.namespace}` : '',
        endpoint.namespaceSelector ? `namespaces {${describeSelector(endpoint.namespaceSelector)}}` : '',
        endpoint.podSelector ? `pods {${describeSelector(endpoint.podSelector)}}` : 'every pod',
      ];
      return `${parts.filter(Boolean).join(' ')}${exceptText(endpoint.except)}`;
    }
    case 'cidr':
      return `${endpoint.cidr}${endpoint.except.length > 0 ? ` except ${endpoint.except.join(', ')}` : ''}`;
    case 'hypothetical': {
      const labels = Object.keys(endpoint.labels)
        .sort(compareStrings)
        .map((k) => `${k}=${endpoint.labels[k]}`);
      return `a new pod in ${endpoint.namespace} {${labels.join(', ')}}`;
    }
  }
}

const exceptText = (except: readonly RefSpec[]): string =>
  except.length > 0 ? ` except ${except.map((e) => e.ref).join(', ')}` : '';

export function describeEndpoints(endpoints: readonly EndpointSpec[]): string {
  return endpoints.length === 0 ? '(nothing)' : endpoints.map(describeEndpoint).join(' + ');
}

/** `5050/TCP, 53/UDP`, `any port`, `all ports`. */
export function describePortsSpec(ports: PortsSpec | undefined): string {
  if (!ports || ports.kind === 'all') return 'all ports';
  if (ports.kind === 'any') return 'any port';
  return ports.ports.map((p) => (p.kind === 'range' && !p.text.includes('/') ? `${p.text}/${p.protocol}` : p.text)).join(', ');
}

function defaultName(from: EndpointSpec[], to: EndpointSpec[], expect: ExpectKind, ports: PortsSpec | undefined): string {
  const what = expect === 'denied' && (!ports || ports.kind === 'all') ? 'denied' : `${expect} ${describePortsSpec(ports)}`;
  return `${describeEndpoints(from)} → ${describeEndpoints(to)} ${what}`;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable id for an expectation written without id or name. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

export { formatPath };
