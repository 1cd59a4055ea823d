// Hover answers as a small document model (headings, paragraphs, lists with
// links to definitions), rendered as Markdown or plain text for the client.
import type { Position, Range } from '../types';
import type { Workspace } from '../workspace';
import type { Workload } from '../workloads';
import { foreignPolicyAnswerAt, notModelledExplanation, workloadNotModelledAt } from './foreignAnswers';
import { elementAt, policyAt, type PolicyElement } from './policyElement';
import type { KubeObject } from '../manifests';
import { valueAt } from '../values';
import { policySentences } from './policySummary';
import type { LabelSelector } from '../selectors';
import { capped, ruleDestinations, selectionNote, selectionOf } from './selectionAnswers';

export interface DocLink {
  uri: string;
  /** 0-based line of the target. */
  line: number;
}

export interface ListItem {
  text: string;
  link?: DocLink;
}

export type Block = { kind: 'heading'; text: string } | { kind: 'text'; text: string } | { kind: 'list'; items: ListItem[] };

export interface HoverAnswer {
  range: Range;
  blocks: Block[];
}

/** Longer lists end with "and N more". */
export const MAX_LISTED = 20;

export function hoverAt(workspace: Workspace, uri: string, position: Position): HoverAnswer | undefined {
  const element = elementAt(workspace, uri, position);
  if (!element) return notModelledHoverAt(workspace, uri, position);
  if (element.kind === 'port') {
    const blocks = portBlocks(workspace, element);
    return blocks && { range: element.range, blocks };
  }
  const blocks = element.kind === 'name' ? policyBlocks(workspace, element) : selectionBlocks(workspace, element);
  return { range: element.range, blocks: [...blocks, ...renderedBlocks(policyAt(workspace, uri, position)?.object)] };
}

/** On a rendered policy: the answer is about the build's object, which the file's text may not spell out (prefixes, patches). */
function renderedBlocks(object: KubeObject | undefined): Block[] {
  const from = object?.rendered;
  if (!from) return [];
  const name = valueAt(object.value, ['metadata', 'name']);
  const namespace = valueAt(object.value, ['metadata', 'namespace']);
  const ref = typeof namespace === 'string' ? `${namespace}/${String(name)}` : String(name);
  return [{ kind: 'text', text: `As \`${from.label}\` renders it: NetworkPolicy ${ref}.` }];
}

function policyBlocks(workspace: Workspace, element: Extract<PolicyElement, { kind: 'name' }>): Block[] {
  const { policy } = element;
  const sentences = policySentences(workspace, policy);
  const selected = selectionOf(workspace, { kind: 'podSelector', policy, range: element.range })!;
  return [
    { kind: 'heading', text: `NetworkPolicy ${policy.namespace}/${policy.name}` },
    { kind: 'text', text: sentences.selects },
    ...workloadList(selected.workloads, policy.podSelector.selector),
    ...sentences.directions.flatMap(({ text, rules }): Block[] => [
      { kind: 'text', text },
      ...(rules.length ? [{ kind: 'list' as const, items: rules.map((rule) => ({ text: rule })) }] : []),
    ]),
    ...sentences.notes.map((text): Block => ({ kind: 'text', text: `Note: ${text}` })),
    ...selected.workloads.flatMap((w): Block[] => {
      const foreign = workspace.notModelledFor(w.ref);
      if (foreign.length === 0) return [];
      const titles = foreign.map((p) => p.title).join(', ');
      return [{ kind: 'text', text: `Note: ${w.ref} is also governed by ${titles}, which this analysis does not model.` }];
    }),
  ];
}

/**
 * On a policy of another kind (its name): what it selects, and that it is not modelled.
 * On a workload (its name or pod labels) that such policies govern: which ones. Elsewhere nothing.
 */
function notModelledHoverAt(workspace: Workspace, uri: string, position: Position): HoverAnswer | undefined {
  const foreign = foreignPolicyAnswerAt(workspace, uri, position);
  if (foreign) {
    const { policy, workloads } = foreign;
    return {
      range: foreign.range,
      blocks: [
        { kind: 'heading', text: `${policy.kindLabel} ${policy.ref} (not modelled)` },
        {
          kind: 'text',
          text: `Selects ${workloads.length === 1 ? '1 workload' : `${workloads.length} workloads`}${workloads.length ? ':' : '.'}`,
        },
        ...workloadList(workloads, undefined),
        ...foreign.details.map((text): Block => ({ kind: 'text', text })),
        { kind: 'text', text: notModelledExplanation(policy) },
      ],
    };
  }
  const governed = workloadNotModelledAt(workspace, uri, position);
  if (!governed) return undefined;
  return {
    range: governed.range,
    blocks: [
      { kind: 'heading', text: `${governed.workload.ref}: also governed by policies of other kinds` },
      {
        kind: 'list',
        items: governed.policies.map((p) => ({
          text: `${p.title} (${p.directions.join(', ')}${p.certain ? '' : '; its selector is not understood: it may select this workload'})`,
          link: { uri: p.location.uri, line: p.location.range.start.line },
        })),
      },
      {
        kind: 'text',
        text: 'This analysis does not model them: its verdicts about this workload count NetworkPolicies only, and the cluster may decide differently.',
      },
    ],
  };
}

function selectionBlocks(workspace: Workspace, element: Extract<PolicyElement, { kind: 'podSelector' | 'peer' }>): Block[] {
  const selection = selectionOf(workspace, element)!;
  const heading =
    element.kind === 'podSelector'
      ? `Applies to ${selection.meaning}`
      : `${element.rule.direction === 'ingress' ? 'From' : 'To'} ${selection.meaning}`;
  const blocks: Block[] = [{ kind: 'heading', text: heading }];
  if (selection.workloads.length === 0) {
    blocks.push({ kind: 'text', text: 'Selects no workload in the workspace.' });
    if (selection.nearMisses.length > 0)
      blocks.push(
        { kind: 'text', text: 'Near misses:' },
        { kind: 'list', items: selection.nearMisses.map((text) => ({ text })) },
      );
  } else {
    blocks.push(
      { kind: 'text', text: `${selection.workloads.length === 1 ? '1 workload' : `${selection.workloads.length} workloads`}:` },
      ...workloadList(
        selection.workloads,
        element.kind === 'podSelector' ? element.policy.podSelector.selector : element.peer.podSelector?.selector,
      ),
    );
  }
  const names = selection.namespaces.map((ns) => ns.name);
  blocks.push({
    kind: 'text',
    text: names.length === 0 ? 'Namespaces: none known in the workspace.' : `Namespaces: ${capped(names, MAX_LISTED)}.`,
  });
  return blocks;
}

/**
 * A named port resolves on each destination pod by name and protocol; a
 * destination without it gets nothing from this rule entry.
 */
function portBlocks(workspace: Workspace, element: Extract<PolicyElement, { kind: 'port' }>): Block[] | undefined {
  const { port } = element;
  if (port.kind !== 'named') return undefined;
  const destinations = ruleDestinations(workspace, element.policy, element.rule);
  const items = cappedItems(destinations, (w) => {
    const numbers = w.ports.filter((p) => p.name === port.name && p.protocol === port.protocol).map((p) => p.containerPort);
    const resolved =
      numbers.length > 0
        ? `${port.protocol} ${[...new Set(numbers)].join(', ')}`
        : 'no such port: nothing allowed to it by this entry';
    return { text: `${w.namespace}/${w.name}: ${resolved}`, link: definitionLink(w) };
  });
  const blocks: Block[] = [
    { kind: 'heading', text: `Named port ${port.name} (${port.protocol}), looked up on each destination pod` },
  ];
  blocks.push(
    destinations.length === 0 ? { kind: 'text', text: 'No destination workload in the workspace.' } : { kind: 'list', items },
  );
  return blocks;
}

function workloadList(workloads: readonly Workload[], selector: LabelSelector | undefined): Block[] {
  if (workloads.length === 0) return [];
  const text = (w: Workload): string => {
    const note = selectionNote(selector, w);
    return note ? `${describeWorkload(w)}: ${note}` : describeWorkload(w);
  };
  return [{ kind: 'list', items: cappedItems(workloads, (w) => ({ text: text(w), link: definitionLink(w) })) }];
}

/** The first {@link MAX_LISTED} items, then "and N more". */
export function cappedItems<T>(things: readonly T[], toItem: (thing: T) => ListItem): ListItem[] {
  const items = things.slice(0, MAX_LISTED).map(toItem);
  if (things.length > MAX_LISTED) items.push({ text: `and ${things.length - MAX_LISTED} more` });
  return items;
}

export const definitionLink = (workload: Workload): DocLink => ({
  uri: workload.sources[0].uri,
  line: workload.sources[0].range.start.line,
});

/** `shop/api (Deployment, 3 replicas)`. */
export function describeWorkload(workload: Workload): string {
  const replicas =
    workload.replicas === undefined ? '' : `, ${workload.replicas} ${workload.replicas === 1 ? 'replica' : 'replicas'}`;
  return `${workload.namespace}/${workload.name} (${workload.kind}${replicas})`;
}

/** Markdown, with workload links as `uri#L<line>` (1-based), which VS Code opens at that line. */
export function renderMarkdown(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `**${escapeMarkdown(block.text)}**`;
        case 'text':
          return escapeMarkdown(block.text);
        case 'list':
          return block.items
            .map(
              (item) =>
                `- ${item.link ? `[${escapeMarkdown(item.text)}](${item.link.uri}#L${item.link.line + 1})` : escapeMarkdown(item.text)}`,
            )
            .join('\n');
      }
    })
    .join('\n\n');
}

export function renderPlainText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => (block.kind === 'list' ? block.items.map((item) => `- ${item.text}`).join('\n') : block.text))
    .join('\n');
}

const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>#|]/g, (ch) => `\\${ch}`);
