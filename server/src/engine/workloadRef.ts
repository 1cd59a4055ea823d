// Workload refs, `namespace/name[Kind]`: how they are written and read. A module
// of its own, without imports, so the client can read refs the server sends
// without bundling the engine. One replica of a StatefulSet that reachability
// analyses on its own (a policy tells its replicas apart) is
// `namespace/name[StatefulSet]#<ordinal>`.

/** `namespace/name[Kind]`. */
export const formatWorkloadRef = (namespace: string, name: string, kind: string): string => `${namespace}/${name}[${kind}]`;

/** `namespace/name[Kind]#<ordinal>`: one replica of a StatefulSet. */
export const formatReplicaRef = (workloadRef: string, ordinal: number): string => `${workloadRef}#${ordinal}`;

export interface WorkloadRefParts {
  namespace: string;
  name: string;
  /** Absent for the short form `namespace/name`. */
  kind?: string;
  /** The replica's ordinal in `namespace/name[Kind]#0` or `namespace/name#0`. */
  ordinal?: number;
}

/** Reads `namespace/name[Kind]` or `namespace/name`, each optionally followed by `#<ordinal>`; undefined for anything else. */
export function parseWorkloadRef(ref: string): WorkloadRefParts | undefined {
  const match = /^([^/[\]\s#]+)\/([^/[\]\s#]+)(?:\[([^/[\]\s#]+)\])?(?:#(\d{1,9}))?$/.exec(ref);
  if (!match) return undefined;
  const parts: WorkloadRefParts = { namespace: match[1], name: match[2] };
  if (match[3] !== undefined) parts.kind = match[3];
  if (match[4] !== undefined) parts.ordinal = Number(match[4]);
  return parts;
}
