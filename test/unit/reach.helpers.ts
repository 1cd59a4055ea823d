// Builders for reachability tests: small workspaces from YAML snippets, and answers as text.
import { explainConnection, reach, resolveEndpoint, type Endpoint, type ReachVerdict } from '../../server/src/engine/reach';
import { formatConnectionSet, parsePortSpec } from '../../server/src/engine/ports';
import { Workspace } from '../../server/src/engine/workspace';

/** A workspace with one file per text. */
export function workspaceOf(...texts: string[]): Workspace {
  const workspace = new Workspace();
  texts.forEach((text, i) => workspace.setFile(`file:///ws/f${i}.yaml`, text));
  return workspace;
}

export function namespace(name: string, labels: Record<string, string> = {}): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n`;
}

/** A Deployment whose pods carry `labels` and expose `ports` (`http:8080`, `dns:53/UDP`, `9090`). */
export function deployment(ref: string, labels: Record<string, string>, ports: string[] = []): string {
  const [ns, name] = ref.split('/');
  const containerPorts = ports.map((spec) => {
    const match = /^(?:([a-z0-9-]+):)?(\d+)(?:\/(TCP|UDP|SCTP))?$/.exec(spec)!;
    return {
      ...(match[1] ? { name: match[1] } : {}),
      containerPort: Number(match[2]),
      ...(match[3] ? { protocol: match[3] } : {}),
    };
  });
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'main', ports: containerPorts }] } } },
  });
}

/** A NetworkPolicy `ns/name` with the given spec (YAML flow or block text indented under spec). */
export function policy(ref: string, spec: string): string {
  const [ns, name] = ref.split('/');
  const body = spec
    .replace(/^\n/, '')
    .split('\n')
    .map((line) => (line.trim() ? `  ${line}` : line))
    .join('\n');
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${body}\n`;
}

/** What the full reach lists from one ref to another, as text ("TCP 80", "all ports"), or "none". */
export function allowed(workspace: Workspace, from: string, to: string): string {
  const f = endpoint(workspace, from);
  const t = endpoint(workspace, to);
  const found = reach(workspace).connections.find((c) => c.from === f.ref && c.to === t.ref);
  return found ? formatConnectionSet(found.ports) : 'none';
}

export function endpoint(workspace: Workspace, ref: string): Endpoint {
  const resolved = resolveEndpoint(reach(workspace).analysis, ref);
  if ('error' in resolved) throw new Error(resolved.error);
  return resolved;
}

export function explain(workspace: Workspace, from: string, to: string, port?: string): ReachVerdict {
  const asked = port === undefined ? undefined : parsePortSpec(port);
  if (asked && 'error' in asked) throw new Error(asked.error);
  return explainConnection(
    endpoint(workspace, from),
    endpoint(workspace, to),
    port === undefined || !asked ? undefined : { text: port, set: asked.set },
  );
}
