// What a reachability diff is made of: the two versions compared, each change between
// them with its causes, and the doubts that keep a change from being a verdict.
import type { ExpectationResult, ExpectationStatus, ExpectationsFile } from '../expectations';
import type { CanonicalConnectionSet, ConnectionSet } from '../ports';
import type { ReachAnalysis } from '../reach';
import type { Range } from '../types';
import type { Workspace } from '../workspace';

/** One version of the manifests: its workspace and the analysis of it (the caller picks the Kubernetes version). */
export interface DiffVersion {
  workspace: Workspace;
  analysis: ReachAnalysis;
}

export interface DiffOptions {
  /** False: no causes (explainConnection is not asked), for callers that only count. Default true. */
  causes?: boolean;
  /** Expectations to evaluate in both versions (the head's, as a rule); absent: none evaluated. */
  expectations?: readonly ExpectationsFile[];
}

/**
 * opened: nothing → something; closed: something → nothing; widened / narrowed: a strict
 * superset / subset; changed: neither; unknown: one version's answer rests on a document
 * that does not parse or a policy left out as invalid, so no direction is claimed.
 */
export type ChangeKind = 'opened' | 'closed' | 'widened' | 'narrowed' | 'changed' | 'unknown';

export const CHANGE_KINDS: readonly ChangeKind[] = ['opened', 'widened', 'narrowed', 'closed', 'changed', 'unknown'];

/** A peer's lifecycle: in both versions, only in the after version, only in the before version. */
export type PeerState = 'persistent' | 'added' | 'removed';

/** reach's port form, with `"none"` for the empty set. */
export type DiffPorts = CanonicalConnectionSet | 'none';

export interface SourceLocation {
  uri: string;
  range: Range;
}

/** A rule or policy that explains a change, in the version where it takes part. */
export interface ChangeCause {
  version: 'before' | 'after';
  side: 'egress' | 'ingress';
  /** `namespace/name`; absent for a file that does not parse (unknown). */
  policy?: string;
  /** `ingress[0]`: the rule; absent when the policy takes part by isolating (or, for unknown, by being left out). */
  rule?: string;
  location: SourceLocation;
  description: string;
}

export interface ReachChange {
  kind: ChangeKind;
  /** A workload ref, or an external block's text (as `reach` lists it). */
  from: string;
  to: string;
  /** Which end is outside the cluster, if one is. */
  external?: 'from' | 'to';
  before: DiffPorts;
  after: DiffPorts;
  added: DiffPorts;
  removed: DiffPorts;
  fromState: PeerState;
  toState: PeerState;
  causes: ChangeCause[];
  /** The same sets as before/after/added/removed, for callers that compute with them. */
  sets: { before: ConnectionSet; after: ConnectionSet; added: ConnectionSet; removed: ConnectionSet };
}

/** Why answers in some scope are unknown: a policy left out in one version, or a file that parses in one version only. */
export interface DiffDoubt {
  /** The version where the document does not parse or the policy is left out. */
  version: 'before' | 'after';
  /** `namespace/name` for a policy; absent for a file that does not parse. */
  policy?: string;
  location: SourceLocation;
  reason: string;
}

export interface ExpectationFlip {
  id: string;
  name: string;
  before: ExpectationStatus;
  after: ExpectationStatus;
  /** The evaluation in the after version (its range, witnesses and their deciding rules), and in the before version. */
  result: ExpectationResult;
  was: ExpectationResult;
}

export interface ReachDiff {
  summary: Record<ChangeKind, number>;
  /** Sorted by from, then to. */
  changes: ReachChange[];
  /** The expectations given (DiffOptions.expectations) whose status differs between the versions, in file order. */
  expectations: ExpectationFlip[];
  /** How many expectations were evaluated in each version; undefined when none were given. */
  expectationsEvaluated?: number;
  /** What made changes unknown, or could hide a change: said by every output. */
  doubts: DiffDoubt[];
}
