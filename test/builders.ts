// Manifest text for tests: the one place that knows how a NetworkPolicy, a workload, a Namespace or a
// Service is written, so a test states only what it is about (labels, ports, the spec under test).
//
//   documents(namespace('shop', { team: 'a' }), deployment('shop/web', { app: 'web' }, ['http:8080']))
//   policy('shop/deny', 'podSelector: {}\npolicyTypes: [Ingress]')
//
// A ref is `namespace/name`, or `name` for an object that names no namespace (it lands in the default one).
// Metadata is written in block style; tests that assert line numbers rely on the exact text built here.

export type Labels = Readonly<Record<string, string>>;

export interface PolicyOptions {
  /** `metadata: {name: p, namespace: shop}` on one line, for tests whose expected line numbers count it as one. */
  oneLineMetadata?: boolean;
}

/**
 * A NetworkPolicy around `spec`: YAML lines written at any common indentation (a `yaml` template, or
 * lines joined with `\n`), placed under `spec:` two spaces in. Without spec lines, `spec:` stays empty.
 */
export function policy(ref: string, spec = '', options: PolicyOptions = {}): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${metadata(ref, {}, options.oneLineMetadata)}spec:\n${indent(spec)}`;
}

/**
 * A container port as tests write it: `http:8080`, `dns:53/UDP`, `9090` (unnamed, TCP by default).
 * Kept as text so a workload reads like `kubectl get` output.
 */
export type PortSpec = string;

/** What a controller's spec may say beyond its template: pod count, first ordinal, the node's network. */
export interface ControllerOptions {
  replicas?: number;
  /** A StatefulSet's `spec.ordinals.start`. */
  ordinalsStart?: number;
  hostNetwork?: boolean;
}

/** A Deployment whose pod template carries `labels` and one container exposing `ports`. */
export function deployment(
  ref: string,
  labels: Labels,
  ports: readonly PortSpec[] = [],
  options: ControllerOptions = {},
): string {
  return templated('apps/v1', 'Deployment', ref, labels, ports, options);
}

/** A StatefulSet whose pod template carries `labels` and one container exposing `ports`. */
export function statefulSet(
  ref: string,
  labels: Labels,
  ports: readonly PortSpec[] = [],
  options: ControllerOptions = {},
): string {
  return templated('apps/v1', 'StatefulSet', ref, labels, ports, options);
}

/** A DaemonSet whose pod template carries `labels` and one container exposing `ports`. */
export function daemonSet(ref: string, labels: Labels, ports: readonly PortSpec[] = [], options: ControllerOptions = {}): string {
  return templated('apps/v1', 'DaemonSet', ref, labels, ports, options);
}

/** A bare Pod: its own metadata.labels are what selectors see. */
export function pod(ref: string, labels: Labels, ports: readonly PortSpec[] = []): string {
  return `apiVersion: v1\nkind: Pod\n${metadata(ref, labels)}spec:\n  containers:\n${container(ports, '  ')}`;
}

/**
 * A prometheus-operator resource (monitoring.coreos.com/v1): the operator makes its pods.
 * `spec` as for {@link policy}; without spec lines, `spec: {}`.
 */
export function operatorResource(kind: 'Prometheus' | 'Alertmanager' | 'ThanosRuler', ref: string, spec = ''): string {
  return `apiVersion: monitoring.coreos.com/v1\nkind: ${kind}\n${metadata(ref)}spec:${spec === '' ? ' {}\n' : `\n${indent(spec)}`}`;
}

export function namespace(name: string, labels: Labels = {}): string {
  return `apiVersion: v1\nkind: Namespace\n${metadata(name, labels)}`;
}

export interface ServicePort {
  port: number;
  targetPort?: number | string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  name?: string;
}

/** A Service forwarding `ports` to the pods `selector` matches. */
export function service(ref: string, selector: Labels, ports: readonly ServicePort[]): string {
  return `apiVersion: v1\nkind: Service\n${metadata(ref)}spec:\n  selector: ${flow(selector)}\n  ports: ${flow(ports)}\n`;
}

/** One multi-document YAML text. */
export function documents(...texts: string[]): string {
  return texts.join('---\n');
}

/** A value in YAML flow style: `{app: web, tier: front}`, `[{port: 80}]`; strings YAML would retype are quoted. */
export function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${scalar(k)}: ${flow(v)}`)
      .join(', ')}}`;
  return typeof value === 'string' ? scalar(value) : String(value);
}

// A plain scalar that YAML 1.1 or 1.2 reads as something else (true, on, 1, null) or that flow syntax would cut
// (commas, colons followed by space, braces) must be quoted to stay the string the test means.
function scalar(text: string): string {
  const plain = /^[A-Za-z_][\w./-]*$/.test(text) && !/^(y|yes|n|no|true|false|on|off|null)$/i.test(text);
  return plain ? text : JSON.stringify(text);
}

function metadata(ref: string, labels: Labels = {}, oneLine = false): string {
  const slash = ref.indexOf('/');
  const fields: Record<string, unknown> = {
    name: slash < 0 ? ref : ref.slice(slash + 1),
    namespace: slash < 0 ? undefined : ref.slice(0, slash),
    labels: Object.keys(labels).length > 0 ? labels : undefined,
  };
  if (oneLine) return `metadata: ${flow(fields)}\n`;
  const lines = Object.entries(fields).filter(([, v]) => v !== undefined);
  return `metadata:\n${lines.map(([k, v]) => `  ${k}: ${flow(v)}\n`).join('')}`;
}

function templated(
  apiVersion: string,
  kind: string,
  ref: string,
  labels: Labels,
  ports: readonly PortSpec[],
  { replicas, ordinalsStart, hostNetwork }: ControllerOptions,
): string {
  const counts =
    (replicas === undefined ? '' : `  replicas: ${replicas}\n`) +
    (ordinalsStart === undefined ? '' : `  ordinals: {start: ${ordinalsStart}}\n`);
  const network = hostNetwork ? '      hostNetwork: true\n' : '';
  const template = `  template:\n    metadata:\n      labels: ${flow(labels)}\n    spec:\n${network}      containers:\n${container(ports, '      ')}`;
  return `apiVersion: ${apiVersion}\nkind: ${kind}\n${metadata(ref)}spec:\n${counts}${template}`;
}

function container(ports: readonly PortSpec[], at: string): string {
  if (ports.length === 0) return `${at}- name: main\n`;
  return `${at}- name: main\n${at}  ports: ${flow(ports.map(containerPort))}\n`;
}

function containerPort(spec: PortSpec): Record<string, unknown> {
  const match = /^(?:([a-z0-9-]+):)?(\d+)(?:\/(TCP|UDP|SCTP))?$/.exec(spec);
  if (!match) throw new Error(`not a port spec (name:number/PROTOCOL): ${spec}`);
  return { name: match[1], containerPort: Number(match[2]), protocol: match[3] };
}

/** Re-indents lines to two spaces in, whatever their common indentation; blank lines stay empty. */
function indent(text: string): string {
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '')
    .split('\n');
  if (lines.every((line) => !line.trim())) return '';
  const common = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return lines.map((line) => (line.trim() ? `  ${line.slice(common)}` : '')).join('\n') + '\n';
}
