// Workload refs, `namespace/name[Kind]`: how they are written and read. A module
// of its own, without imports, so the client can read refs the server sends
// without bundling the engine.

/** `namespace/name[Kind]`. */
export const formatWorkloadRef = (namespace: string, name: string, kind: string): string => `${namespace}/${name}[${kind}]`;

export interface WorkloadRefParts {
  namespace: string;
  name: string;
  /** Absent for the short form `namespace/name`. */
  kind?: string;
}

/** Reads `namespace/name[Kind]` or `namespace/name`; undefined for anything else. */
export function parseWorkloadRef(ref: string): WorkloadRefParts | undefined {
  const match = /^([^/[\]\s]+)\/([^/[\]\s]+)(?:\[([^/[\]\s]+)\])?$/.exec(ref);
  if (!match) return undefined;
  return match[3] === undefined
    ? { namespace: match[1], name: match[2] }
    : { namespace: match[1], name: match[2], kind: match[3] };
}
