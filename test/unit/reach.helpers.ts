// Reachability tests: small workspaces from YAML texts (see ../builders), and answers as text.
import { explainConnection, reach, resolveEndpoint, type Endpoint, type ReachVerdict } from '../../server/src/engine/reach';
import { formatConnectionSet, parsePortSpec } from '../../server/src/engine/ports';
import { Workspace } from '../../server/src/engine/workspace';

/** A workspace with one file per text. */
export function workspaceOf(...texts: string[]): Workspace {
  const workspace = new Workspace();
  texts.forEach((text, i) => workspace.setFile(`file:///ws/f${i}.yaml`, text));
  return workspace;
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
