// Evaluating expectations on a reach analysis (§5.5, §5.6): for every pair of the
// resolved `from` × `to` (a workload to itself left out), the connection set the
// policies allow is compared with what the expectation asks, and the expectation
// passes only when every pair does (∀ pairs). Pairs are evaluated per pair of classes
// (workloads no selector tells apart answer alike), from the class matrix, so `"*"`
// over thousands of workloads costs the matrix's non-empty entries for `denied`;
// reasons come from explainConnection, for the witnesses shown only.
import { overlapsAddresses, type AddressSet } from '../cidrSet';
import {
  ALL,
  equals,
  fromCanonicalJson,
  intersect,
  isEmpty,
  isSubset,
  NONE,
  portRange,
  resolveRulePort,
  toCanonicalJson,
  union,
  type CanonicalConnectionSet,
  type ConnectionSet,
  type ContainerPort,
} from '../ports';
import type { Direction } from '../policy';
import { compareStrings } from '../selectors';
import type { Workload } from '../workloads';
import type { Workspace } from '../workspace';
import { explainConnection, type ReachAnalysis, type ReachReason, type ReachSide } from '../reach';
import { rulePortsTo, type ClassSide, type WorkloadClass } from '../reach/model';
import {
  endpointOfMember,
  resolveSide,
  ResolveContext,
  withHypotheticals,
  type ClassGroup,
  type ExternalGroup,
  type Group,
  type HypotheticalGroup,
  type LeftOutSuspect,
  type ResolvedSide,
} from './endpoints';
import {
  DEFAULT_MAX_WITNESSES,
  type EvaluateOptions,
  type Expectation,
  type ExpectationError,
  type ExpectationResult,
  type Violation,
  type WitnessReason,
} from './model';
import { expectationsFiles } from './reader';
import { expectedText } from './wording';

/** Every expectation of the workspace's expectations files, evaluated on `analysis` (the same workspace's). */
export function evaluateExpectations(
  analysis: ReachAnalysis,
  workspace: Workspace,
  options: EvaluateOptions = {},
): ExpectationResult[] {
  const context = new ResolveContext(analysis, workspace);
  const results: ExpectationResult[] = [];
  for (const file of options.files ?? expectationsFiles(workspace))
    for (const document of file.documents)
      for (const expectation of document.expectations) {
        if (options.tags && options.tags.length > 0 && !expectation.tags.some((tag) => options.tags!.includes(tag))) continue;
        results.push(evaluateExpectation(expectation, context, options));
      }
  return results;
}

/** How many results have each outcome: the counts every report starts with. */
export interface ExpectationsSummary {
  total: number;
  passed: number;
  failed: number;
  error: number;
  skipped: number;
}

export function summarizeResults(results: ReadonlyArray<Pick<ExpectationResult, 'status'>>): ExpectationsSummary {
  const count = (status: ExpectationResult['status']) => results.filter((r) => r.status === status).length;
  return {
    total: results.length,
    passed: count('passed'),
    failed: count('failed'),
    error: count('error'),
    skipped: count('skipped'),
  };
}

/**
 * Results kept per analysis, expectation and witness cap: an analysis is one state of one workspace,
 * and an expectation object one parse of its file, so a result cannot go stale. The editor evaluates
 * after every settle, and its what-if evaluates the base's unchanged analysis again on every edit.
 */
const evaluated = new WeakMap<ReachAnalysis, WeakMap<Expectation, Map<number, ExpectationResult>>>();

/** One expectation (see evaluateExpectations). */
export function evaluateExpectation(
  expectation: Expectation,
  context: ResolveContext,
  options: EvaluateOptions = {},
): ExpectationResult {
  const maxWitnesses = options.maxWitnesses ?? DEFAULT_MAX_WITNESSES;
  let ofAnalysis = evaluated.get(context.analysis);
  if (!ofAnalysis) evaluated.set(context.analysis, (ofAnalysis = new WeakMap()));
  let ofExpectation = ofAnalysis.get(expectation);
  if (!ofExpectation) ofAnalysis.set(expectation, (ofExpectation = new Map<number, ExpectationResult>()));
  let result = ofExpectation.get(maxWitnesses);
  if (!result) ofExpectation.set(maxWitnesses, (result = evaluateAfresh(expectation, context, maxWitnesses)));
  return result;
}

function evaluateAfresh(expectation: Expectation, context: ResolveContext, maxWitnesses: number): ExpectationResult {
  const base: ExpectationResult = {
    id: expectation.id,
    name: expectation.name,
    uri: expectation.uri,
    range: expectation.range,
    suite: expectation.suite,
    expect: expectation.expect,
    tags: expectation.tags,
    status: 'passed',
    pairs: { total: 0, violating: 0 },
    violations: [],
    errors: [],
    expectedText: expectedText(expectation),
  };
  const invalid = expectation.problems.filter((p) => p.severity === 'error');
  if (invalid.length > 0)
    return {
      ...base,
      status: 'error',
      errors: invalid.map((p) => ({ message: `${p.code}: ${p.message}`, range: p.range })),
    };
  if (expectation.skip !== undefined) return { ...base, status: 'skipped', skipReason: expectation.skip || 'skip' };

  const from = resolveSide(expectation.from, context, expectation.uri);
  const to = resolveSide(expectation.to, context, expectation.uri);
  const errors: ExpectationError[] = [...from.errors, ...to.errors];
  errors.push(...notModelledErrors(from, to, context, expectation));
  const evaluation = new Evaluation(expectation, context, from, to, errors);
  const { total, violating, witnesses } = evaluation.run(maxWitnesses);
  const notes = [...new Set([...from.notes, ...to.notes])];
  if (total === 0 && errors.length === 0 && !(from.allowEmpty || to.allowEmpty))
    errors.push({
      message:
        'no pair to evaluate: a workload to itself is always allowed and left out, and addresses to addresses is no NetworkPolicy question',
      range: expectation.range,
    });
  return {
    ...base,
    status: errors.length > 0 ? 'error' : violating > 0 ? 'failed' : 'passed',
    pairs: { total, violating },
    violations: witnesses,
    errors,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** What the policies allow between two groups, per the expectation's direction (enforcedAt). */
interface PairAnswer {
  /** The connection set shown for the pair (for denied: what is allowed of what must not be). */
  shown: ConnectionSet;
  violating: boolean;
}

type Found =
  | { from: Group; to: Group; answer: PairAnswer; absent?: undefined }
  /** Every destination class absent from the source's matrix row (but those in `skip`) that allowing nothing violates. */
  | { from: Group; to?: undefined; answer?: undefined; absent: { skip: ReadonlySet<Group>; violating: ReadonlySet<Group> } };

/** What one side allows the pair, and whether a policy isolates it. */
interface SideState {
  set: ConnectionSet;
  isolated: boolean;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

class Evaluation {
  private readonly matrix;
  private readonly hypotheticals: HypotheticalGroup[];
  private readonly seen = new Map<WorkloadClass, WorkloadClass>();
  private readonly suspectCache = new Map<string, LeftOutSuspect[]>();
  /** Left-out policies on which some pairs' verdicts depend, with those pods and the number of pairs. */
  private readonly uncertain = new Map<LeftOutSuspect, { pods: Set<string>; pairs: number }>();
  /** Per destination group: what the expectation asks of it (named ports resolved on its pods). */
  private readonly expectedOf = new Map<Group, ConnectionSet | undefined>();

  constructor(
    private readonly expectation: Expectation,
    private readonly context: ResolveContext,
    private readonly from: ResolvedSide,
    private readonly to: ResolvedSide,
    private readonly errors: ExpectationError[],
  ) {
    this.matrix = context.analysis.results.classMatrix();
    this.hypotheticals = [...from.groups, ...to.groups].filter((g): g is HypotheticalGroup => g.kind === 'hypothetical');
    this.resolveExpectedPorts();
  }

  /** Named ports resolve on each destination pod's container ports (NetworkPolicy does so too); one that does not is an error. */
  private resolveExpectedPorts(): void {
    const ports = this.expectation.ports;
    const unresolved = new Map<string, string[]>();
    // Without a port name, what is asked is the same of every destination.
    const fixed =
      !ports || ports.kind !== 'list'
        ? ALL
        : ports.ports.every((p) => p.kind === 'range')
          ? ports.ports.reduce((set, p) => (p.kind === 'range' ? union(set, portRange(p.protocol, p.from, p.to)) : set), NONE)
          : undefined;
    for (const group of this.to.groups) {
      if (fixed || !ports || ports.kind !== 'list') {
        this.expectedOf.set(group, fixed ?? ALL);
        continue;
      }
      const destination: readonly ContainerPort[] = group.kind === 'external' ? [] : group.cls.ports;
      let set = NONE;
      let missing = false;
      for (const port of ports.ports) {
        if (port.kind === 'range') {
          set = union(set, portRange(port.protocol, port.from, port.to));
          continue;
        }
        const resolved = resolveRulePort(port, destination);
        if (isEmpty(resolved)) {
          missing = true;
          const refs = unresolved.get(port.text) ?? [];
          if (group.kind === 'class') refs.push(...group.members.map((m) => m.ref));
          else refs.push(group.ref);
          unresolved.set(port.text, refs);
        }
        set = union(set, resolved);
      }
      this.expectedOf.set(group, missing ? undefined : set);
    }
    for (const [text, refs] of unresolved) {
      const port = ports!.kind === 'list' ? ports!.ports.find((p) => p.text === text) : undefined;
      const shown = refs.slice(0, 5).join(', ') + (refs.length > 5 ? ` and ${refs.length - 5} more` : '');
      this.errors.push({
        message: `port "${text}" is not declared by ${shown} (a port name resolves on each destination pod's container ports; an address outside the cluster has none)`,
        ...(port ? { range: port.range } : {}),
      });
    }
  }

  run(maxWitnesses: number): { total: number; violating: number; witnesses: Violation[] } {
    const tally = { total: 0, violating: 0, found: [] as Found[] };
    const toClasses = this.to.groups.filter((g): g is ClassGroup => g.kind === 'class');
    const toByClass = new Map(toClasses.map((g) => [g.cls.id, g]));
    // Destinations a left-out policy may open for ingress: judged pair by pair, never read off the matrix row alone.
    const doubtful = new Set(toClasses.filter((g) => this.suspects(g, 'ingress').length > 0));
    // The matrix path: a pair of classes absent from a row allows nothing, so its answer depends on the
    // destination alone (judged once per destination); only the row's entries are judged per pair, and
    // totals come by arithmetic. `"*"` x `"*"` over thousands of classes costs the matrix's entries.
    const certain = toClasses.filter((g) => !doubtful.has(g) && this.expectedOf.get(g) !== undefined);
    const nothingViolates = new Set(certain.filter((g) => this.judge(g, NONE, NONE)?.violating));
    let certainMembers = 0;
    let nothingViolatingMembers = 0;
    for (const to of certain) {
      certainMembers += to.members.length;
      if (nothingViolates.has(to)) nothingViolatingMembers += to.members.length;
    }
    const certainSet = new Set<Group>(certain);
    const matrixPath = this.expectation.enforcedAt === 'either';
    const judgedApart = this.to.groups.filter((g) => !certainSet.has(g));
    for (const from of this.from.groups) {
      if (!matrixPath || from.kind !== 'class' || this.suspects(from, 'egress').length > 0) {
        for (const to of this.to.groups) this.pair(from, to, tally);
        continue;
      }
      const overlap = (to: ClassGroup | undefined) =>
        to && to.cls === from.cls ? from.members.filter((m) => this.to.refs.has(m.ref)).length : 0;
      const same = toByClass.get(from.cls.id);
      const sameCertain = same && certainSet.has(same) ? same : undefined;
      tally.total += from.members.length * certainMembers - overlap(sameCertain);
      let implied =
        from.members.length * nothingViolatingMembers -
        (sameCertain && nothingViolates.has(sameCertain) ? overlap(sameCertain) : 0);
      const row = this.matrix.get(from.cls.id) ?? new Map<number, ConnectionSet>();
      const inRow = new Set<Group>();
      // The row's entries, or the destinations' entries in the row when there are fewer destinations.
      const entries: Iterable<[number, ConnectionSet | undefined]> =
        certain.length < row.size ? certain.map((g) => [g.cls.id, row.get(g.cls.id)]) : row;
      for (const [toId, allowed] of entries) {
        const to = toByClass.get(toId);
        if (!to || !certainSet.has(to) || allowed === undefined) continue;
        inRow.add(to);
        const pairs = from.members.length * to.members.length - overlap(to);
        if (nothingViolates.has(to)) implied -= pairs;
        if (pairs === 0) continue;
        const answer = this.judge(to, allowed, allowed)!;
        if (!answer.violating) continue;
        tally.violating += pairs;
        tally.found.push({ from, to, answer });
      }
      if (implied > 0) {
        tally.violating += implied;
        tally.found.push({ from, absent: { skip: inRow, violating: nothingViolates } });
      }
      for (const to of judgedApart) this.pair(from, to, tally);
    }
    for (const suspect of this.uncertain.keys()) {
      const { info } = suspect;
      const { pods, pairs } = this.uncertain.get(suspect)!;
      this.errors.push({
        message: `NetworkPolicy ${info.policy} was left out of the analysis (${info.reason}) and may select ${[...pods].slice(0, 3).join(', ')}${pods.size > 3 ? ` and ${pods.size - 3} more` : ''}: the verdict on ${plural(pairs, 'pair')} depends on it, fix it first`,
        uri: info.uri,
        range: info.range,
      });
    }
    return { total: tally.total, violating: tally.violating, witnesses: this.witnesses(tally.found, maxWitnesses) };
  }

  private pair(from: Group, to: Group, tally: { total: number; violating: number; found: Found[] }, count = true): void {
    const pairs = this.pairCount(from, to);
    if (pairs === 0) return;
    if (count) tally.total += pairs;
    const answer = this.answer(from, to, pairs);
    if (!answer?.violating) return;
    tally.violating += pairs;
    tally.found.push({ from, to, answer });
  }

  /** Pairs between two groups, a workload to itself left out; addresses to addresses are no pair. */
  private pairCount(from: Group, to: Group): number {
    if (from.kind === 'external' && to.kind === 'external') return 0;
    if (from.kind === 'hypothetical' && to === from) return 0;
    const size = (group: Group) => (group.kind === 'class' ? group.members.length : 1);
    let count = size(from) * size(to);
    if (from.kind === 'class' && to.kind === 'class' && from.cls === to.cls)
      for (const member of from.members) if (this.to.refs.has(member.ref)) count--;
    return count;
  }

  /** Left-out policies that may select the group's pods for `direction`. */
  private suspects(group: Group, direction: Direction): LeftOutSuspect[] {
    if (group.kind === 'external' || this.context.suspects.length === 0) return [];
    const key = `${group.cls.id}/${direction}`;
    let found = this.suspectCache.get(key);
    if (!found) this.suspectCache.set(key, (found = this.context.suspectsFor(group.cls, direction)));
    return found;
  }

  /** The verdict for one pair of groups; undefined when it cannot be judged (an unresolved named port or a left-out policy: an error). */
  private answer(from: Group, to: Group, pairs: number): PairAnswer | undefined {
    const { enforcedAt, expect } = this.expectation;
    let egress: SideState;
    let ingress: SideState;
    let every: ConnectionSet;
    let some: ConnectionSet;
    if (from.kind === 'class' && to.kind === 'class') {
      egress = { set: sideFrom(from.cls.egress, to.cls, to.cls.ports), isolated: from.cls.egress.isolating.length > 0 };
      ingress = { set: sideFrom(to.cls.ingress, from.cls, to.cls.ports), isolated: to.cls.ingress.isolating.length > 0 };
      every = some = this.matrix.get(from.cls.id)?.get(to.cls.id) ?? NONE;
    } else if (from.kind === 'external' || to.kind === 'external') {
      // Only the workload's side decides: nothing outside the cluster is subject to a NetworkPolicy.
      const inside = from.kind === 'external' ? to : from;
      if (inside.kind === 'external') return undefined;
      const cls = this.view(inside.cls);
      const direction = from.kind === 'external' ? 'ingress' : 'egress';
      const addresses = (from.kind === 'external' ? from : (to as ExternalGroup)).addresses;
      some = someAddress(cls[direction], addresses, direction === 'ingress' ? cls.ports : []);
      every =
        expect === 'denied'
          ? some
          : (fromCanonicalJson(
              explainConnection(
                endpointOfMember(this.context.analysis, from, undefined, from.kind === 'external' ? undefined : cls),
                endpointOfMember(this.context.analysis, to, undefined, to.kind === 'external' ? undefined : cls),
              ).ports,
            ) ?? NONE);
      const workloadSide = { set: expect === 'denied' ? some : every, isolated: cls[direction].isolating.length > 0 };
      const open = { set: ALL, isolated: false };
      egress = direction === 'egress' ? workloadSide : open;
      ingress = direction === 'ingress' ? workloadSide : open;
    } else {
      // A hypothetical pod on one side: the classes as it sees them (its selector matches added to their rules).
      const source = this.view(from.cls);
      const destination = this.view(to.cls);
      egress = { set: sideFrom(source.egress, destination, destination.ports), isolated: source.egress.isolating.length > 0 };
      ingress = {
        set: sideFrom(destination.ingress, source, destination.ports),
        isolated: destination.ingress.isolating.length > 0,
      };
      every = some = intersect(egress.set, ingress.set);
    }
    if (enforcedAt === 'ingress') every = some = ingress.set;
    if (enforcedAt === 'egress') every = some = egress.set;
    const current = this.judge(to, every, some);
    if (!current) return undefined;
    // A left-out policy selecting a side may isolate it (if nothing did) and allow more (its rules are unknown):
    // the verdict holds only if it holds for the least and the most that side could then allow.
    const sides = [
      ...(enforcedAt !== 'ingress' ? [{ state: egress, group: from, suspects: this.suspects(from, 'egress') }] : []),
      ...(enforcedAt !== 'egress' ? [{ state: ingress, group: to, suspects: this.suspects(to, 'ingress') }] : []),
    ];
    const suspects = sides.flatMap((s) => s.suspects);
    if (suspects.length === 0) return current;
    let low = ALL;
    let high = ALL;
    for (const { state, suspects: own } of sides) {
      low = intersect(low, own.length > 0 && !state.isolated ? NONE : state.set);
      high = intersect(high, own.length > 0 ? ALL : state.set);
    }
    if (this.certain(to, low, high)) return current;
    for (const { group, suspects: own } of sides)
      for (const suspect of own) {
        const entry = this.uncertain.get(suspect) ?? { pods: new Set<string>(), pairs: 0 };
        if (group.kind === 'class') for (const m of group.members) entry.pods.add(m.ref);
        else if (group.kind === 'hypothetical') entry.pods.add(group.ref);
        entry.pairs += pairs;
        this.uncertain.set(suspect, entry);
      }
    return undefined;
  }

  /** Whether every set between `low` and `high` gives the same outcome. */
  private certain(to: Group, low: ConnectionSet, high: ConnectionSet): boolean {
    const expected = this.expectedOf.get(to) ?? NONE;
    if (this.expectation.expect === 'exactly')
      return !isSubset(expected, high) || !isSubset(low, expected) || (equals(low, high) && equals(low, expected));
    return this.judge(to, low, low)?.violating === this.judge(to, high, high)?.violating;
  }

  /** A class as hypothetical pods see it (their selector matches added to its rules). */
  private view(cls: WorkloadClass): WorkloadClass {
    if (cls.id < 0) return cls;
    let seen = this.seen.get(cls);
    if (!seen) this.seen.set(cls, (seen = withHypotheticals(cls, this.hypotheticals, this.context)));
    return seen;
  }

  /**
   * `every`: what every address (or the one pod) is allowed; `some`: what at least one
   * address is (they differ for a CIDR endpoint only). allowed and exactly need every
   * address; denied needs no address allowed.
   */
  private judge(to: Group, every: ConnectionSet, some: ConnectionSet): PairAnswer | undefined {
    const expected = this.expectedOf.get(to);
    if (expected === undefined) return undefined;
    const { expect, ports } = this.expectation;
    switch (expect) {
      case 'allowed':
        if (ports?.kind === 'any') return { shown: every, violating: isEmpty(every) };
        return { shown: every, violating: !isSubset(expected, every) };
      case 'denied': {
        const hit = intersect(some, expected);
        return { shown: hit, violating: !isEmpty(hit) };
      }
      case 'exactly': {
        const wrong = !equals(some, expected) ? some : !equals(every, expected) ? every : undefined;
        return { shown: wrong ?? every, violating: wrong !== undefined };
      }
    }
  }

  private witnesses(found: Found[], max: number): Violation[] {
    if (found.length === 0 || max <= 0) return [];
    const byFrom = new Map<Group, Found[]>();
    for (const entry of found) {
      const list = byFrom.get(entry.from) ?? [];
      list.push(entry);
      byFrom.set(entry.from, list);
    }
    const fromMembers: { ref: string; group: Group; workload?: Workload }[] = [];
    for (const group of byFrom.keys()) {
      if (group.kind === 'class') for (const m of group.members) fromMembers.push({ ref: m.ref, group, workload: m });
      else fromMembers.push({ ref: group.ref, group });
    }
    fromMembers.sort((a, b) => compareStrings(a.ref, b.ref));
    const out: Violation[] = [];
    const allowsNothing: PairAnswer = { shown: NONE, violating: true };
    for (const source of fromMembers) {
      const targets: { ref: string; to: Group; workload?: Workload; answer: PairAnswer }[] = [];
      const add = (to: Group, answer: PairAnswer) => {
        if (to.kind === 'class') {
          for (const m of to.members) if (m.ref !== source.ref) targets.push({ ref: m.ref, to, workload: m, answer });
        } else if (to !== source.group) targets.push({ ref: to.ref, to, answer });
      };
      for (const entry of byFrom.get(source.group)!) {
        if (entry.absent) {
          for (const to of entry.absent.violating) if (!entry.absent.skip.has(to)) add(to, allowsNothing);
        } else add(entry.to, entry.answer);
      }
      targets.sort((a, b) => compareStrings(a.ref, b.ref));
      for (const target of targets) {
        out.push(this.violation(source, target));
        if (out.length >= max) return out;
      }
    }
    return out;
  }

  private violation(
    source: { ref: string; group: Group; workload?: Workload },
    target: { ref: string; to: Group; workload?: Workload; answer: PairAnswer },
  ): Violation {
    const { analysis } = this.context;
    const fromCls = source.group.kind === 'external' ? undefined : this.view(source.group.cls);
    const toCls = target.to.kind === 'external' ? undefined : this.view(target.to.cls);
    const verdict = explainConnection(
      endpointOfMember(analysis, source.group, source.workload, fromCls),
      endpointOfMember(analysis, target.to, target.workload, toCls),
    );
    const reasons: WitnessReason[] = [];
    if (source.group.kind !== 'external') reasons.push(...sideReasons(verdict.egress, 'egress', source.ref, target.ref));
    if (target.to.kind !== 'external') reasons.push(...sideReasons(verdict.ingress, 'ingress', target.ref, source.ref));
    for (const entry of verdict.notModelled)
      reasons.push({
        side: entry.direction === 'ingress' ? 'ingress' : 'egress',
        verdict: 'allowed',
        why: 'not-modelled',
        policy: entry.policy,
        location: entry.location,
        description: `${entry.title} also governs ${entry.workload} and is not modelled: the cluster may decide differently`,
      });
    const { expect, ports } = this.expectation;
    const expected = this.expectedOf.get(target.to) ?? NONE;
    return {
      from: source.ref,
      to: target.ref,
      expected: expect === 'denied' ? 'none' : expect === 'allowed' && ports?.kind === 'any' ? 'any' : portForm(expected),
      actual: portForm(target.answer.shown),
      reasons,
    };
  }
}

/** reach's port form, with `none` for nothing (toCanonicalJson gives [] there). */
export function portForm(set: ConnectionSet): CanonicalConnectionSet | 'none' {
  return isEmpty(set) ? 'none' : toCanonicalJson(set);
}

/** What a side allows the other class (ports resolved on the destination's). */
function sideFrom(side: ClassSide, other: WorkloadClass, destinationPorts: WorkloadClass['ports']): ConnectionSet {
  if (side.isolating.length === 0) return ALL;
  let ports = NONE;
  for (const rule of side.rules)
    if (rule.everyone || rule.classes.has(other.id)) ports = union(ports, rulePortsTo(rule, destinationPorts));
  return ports;
}

/** What a side allows to or from at least one address of `addresses`. */
function someAddress(side: ClassSide, addresses: AddressSet, destinationPorts: WorkloadClass['ports']): ConnectionSet {
  if (side.isolating.length === 0) return ALL;
  let ports = NONE;
  for (const rule of side.rules)
    if (overlapsAddresses(rule.external, addresses)) ports = union(ports, rulePortsTo(rule, destinationPorts));
  return ports;
}

function sideReasons(side: ReachSide, direction: 'egress' | 'ingress', self: string, other: string): WitnessReason[] {
  const allowed = side.allowed === 'all' || side.allowed.length > 0;
  if (!side.isolated)
    return [
      {
        side: direction,
        verdict: 'allowed',
        why: 'not-isolated',
        description: `${self} is not isolated for ${direction}: no NetworkPolicy selects it with ${direction === 'ingress' ? 'Ingress' : 'Egress'}`,
      },
    ];
  if (allowed && side.allowingRules.length > 0) return side.allowingRules.map((rule) => ruleReason(rule, direction));
  return side.isolatingPolicies.map((policy) => ({
    side: direction,
    verdict: 'denied' as const,
    why: 'no-rule' as const,
    policy: policy.policy,
    location: policy.location,
    description: `NetworkPolicy ${policy.policy} ${policy.description}, and no ${direction} rule allows ${other}`,
  }));
}

function ruleReason(rule: ReachReason, direction: 'egress' | 'ingress'): WitnessReason {
  const index = rule.ruleIndex ?? 0;
  return {
    side: direction,
    verdict: 'allowed',
    policy: rule.policy,
    rule: `${direction}[${index}]`,
    location: rule.location,
    description: `NetworkPolicy ${rule.policy} ${direction} rule #${index + 1} ${rule.description}`,
  };
}

/** A workload of either side governed, in the direction that matters, by a policy of a kind not modelled (Cilium, Calico...). */
function notModelledErrors(
  from: ResolvedSide,
  to: ResolvedSide,
  context: ResolveContext,
  expectation: Expectation,
): ExpectationError[] {
  const errors: ExpectationError[] = [];
  if (context.analysis.notModelled.size === 0) return errors;
  const check = (side: ResolvedSide, direction: 'ingress' | 'egress') => {
    if (expectation.enforcedAt !== 'either' && expectation.enforcedAt !== direction) return;
    for (const group of side.groups) {
      if (group.kind !== 'class') continue;
      for (const member of group.members) {
        const foreign = (context.analysis.notModelled.get(member.ref) ?? []).filter((p) => p.directions.includes(direction));
        if (foreign.length === 0) continue;
        errors.push({
          message: `${member.ref} is also governed for ${direction} by ${[...new Set(foreign.map((p) => p.title))].join(', ')}, which this analysis does not model: no verdict can be given`,
          uri: foreign[0].location.uri,
          range: foreign[0].location.range,
        });
      }
    }
  };
  check(from, 'egress');
  check(to, 'ingress');
  return errors;
}
