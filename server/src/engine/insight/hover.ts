// Hover answers as a small document model (headings, paragraphs, lists with
// links to definitions), rendered as Markdown or plain text for the client.
import type { Position, Range } from '../types';
import type { Workspace } from '../workspace';
import type { Workload } from '../workloads';
import { elementAt, type PolicyElement } from './policyElement';
import { policySentences } from './policySummary';
import { selectionOf } from './selectionAnswers';

export interface DocLink {
  uri: string;
  /** 0-based line of the target. */
  line: number;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: Array<{ text: string; link?: DocLink }> };

export interface HoverAnswer {
  range: Range;
  blocks: Block[];
}

/** Longer lists end with "and N more". */
export const MAX_LISTED = 20;

export function hoverAt(workspace: Workspace, uri: string, position: Position): HoverAnswer | undefined {
  const element = elementAt(workspace, uri, position);
  if (!element || element.kind === 'port') return undefined;
  return { range: element.range, blocks: element.kind === 'name' ? policyBlocks(workspace, element) : selectionBlocks(workspace, element) };
}

function policyBlocks(workspace: Workspace, element: Extract<PolicyElement, { kind: 'name' }>): Block[] {
  const { policy } = element;
  const sentences = policySentences(workspace, policy);
  const selected = selectionOf(workspace, { kind: 'podSelector', policy, range: element.range })!;
  return [
    { kind: 'heading', text: `NetworkPolicy ${policy.namespace}/${policy.name}` },
    { kind: 'text', text: sentences.selects },
    ...workloadList(selected.workloads),
    ...sentences.directions.flatMap(({ text, rules }): Block[] => [{ kind: 'text', text }, ...(rules.length ? [{ kind: 'list' as const, items: rules.map((rule) => ({ text: rule })) }] : [])]),
    ...sentences.notes.map((text): Block => ({ kind: 'text', text: `Note: ${text}` })),
  ];
}

function selectionBlocks(workspace: Workspace, element: Extract<PolicyElement, { kind: 'podSelector' | 'peer' }>): Block[] {
  const selection = selectionOf(workspace, element)!;
  const heading = element.kind === 'podSelector' ? `Applies to ${selection.meaning}` : `${element.rule.direction === 'ingress' ? 'From' : 'To'} ${selection.meaning}`;
  const blocks: Block[] = [{ kind: 'heading', text: heading }];
  if (selection.workloads.length === 0) {
    blocks.push({ kind: 'text', text: 'Selects no workload in the workspace.' });
    if (selection.nearMisses.length > 0) blocks.push({ kind: 'text', text: 'Near misses:' }, { kind: 'list', items: selection.nearMisses.map((text) => ({ text })) });
  } else {
    blocks.push({ kind: 'text', text: `${selection.workloads.length === 1 ? '1 workload' : `${selection.workloads.length} workloads`}:` }, ...workloadList(selection.workloads));
  }
  const names = selection.namespaces.map((ns) => ns.name);
  blocks.push({ kind: 'text', text: names.length === 0 ? 'Namespaces: none known in the workspace.' : `Namespaces: ${cappedNames(names)}.` });
  return blocks;
}

function workloadList(workloads: readonly Workload[]): Block[] {
  if (workloads.length === 0) return [];
  const items = workloads.slice(0, MAX_LISTED).map((w) => ({ text: describeWorkload(w), link: { uri: w.sources[0].uri, line: w.sources[0].range.start.line } }));
  if (workloads.length > MAX_LISTED) items.push({ text: `and ${workloads.length - MAX_LISTED} more` } as (typeof items)[number]);
  return [{ kind: 'list', items }];
}

/** `shop/api (Deployment, 3 replicas)`. */
export function describeWorkload(workload: Workload): string {
  const replicas = workload.replicas === undefined ? '' : `, ${workload.replicas} ${workload.replicas === 1 ? 'replica' : 'replicas'}`;
  return `${workload.namespace}/${workload.name} (${workload.kind}${replicas})`;
}

const cappedNames = (names: string[]): string => (names.length > MAX_LISTED ? `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} more` : names.join(', '));

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
          return block.items.map((item) => `- ${item.link ? `[${escapeMarkdown(item.text)}](${item.link.uri}#L${item.link.line + 1})` : escapeMarkdown(item.text)}`).join('\n');
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
