// Helpers over the `yaml` package's syntax tree: walking to a child and ranges of nodes.
import * as YAML from 'yaml';
import type { SourceText } from './sourceText';
import type { Range } from './types';

export interface ChildNode {
  /** The mapping key, when the child is a mapping value. */
  key?: YAML.Node;
  value: YAML.Node;
}

/**
 * The child of a mapping (by key) or sequence (by index), following aliases.
 * For duplicate keys the last one wins, as in kubectl. A key without value
 * (`matchLabels:`) yields the key itself as value node.
 */
export function childNode(document: YAML.Document, node: YAML.Node, segment: string | number): ChildNode | undefined {
  const target = resolveAlias(document, node);
  if (YAML.isMap(target)) {
    for (let i = target.items.length - 1; i >= 0; i--) {
      const pair = target.items[i];
      const key = pair.key;
      const name = YAML.isScalar(key) ? key.value : key;
      if (name === segment || (typeof segment === 'number' && name === String(segment)) || String(name) === segment) {
        const keyNode = YAML.isNode(key) ? key : undefined;
        const value = YAML.isNode(pair.value) ? resolveAlias(document, pair.value) : keyNode;
        return value ? { key: keyNode, value } : undefined;
      }
    }
    return undefined;
  }
  if (YAML.isSeq(target) && typeof segment === 'number') {
    const item = target.items[segment];
    return YAML.isNode(item) ? { value: resolveAlias(document, item) } : undefined;
  }
  return undefined;
}

function resolveAlias(document: YAML.Document, node: YAML.Node): YAML.Node {
  if (!YAML.isAlias(node)) return node;
  const resolved = node.resolve(document);
  return resolved ?? node;
}

/** The source range of a node, without trailing whitespace and comments' line breaks. */
export function nodeRange(source: SourceText, node: YAML.Node): Range {
  const [start, valueEnd] = node.range ?? [0, 0];
  let end = valueEnd;
  while (end > start && /\s/.test(source.text[end - 1])) end--;
  return source.rangeOf(start, end);
}

export interface DuplicateKey {
  name: string;
  /** The key whose value is overridden by a later key of the same name. */
  key: YAML.Node;
}

/** Keys that appear twice in one mapping, anywhere in the tree (aliases are not followed). */
export function collectDuplicateKeys(root: YAML.Node | null): DuplicateKey[] {
  const duplicates: DuplicateKey[] = [];
  const visit = (node: unknown): void => {
    if (YAML.isMap(node)) {
      const seen = new Map<string, YAML.Node>();
      for (const pair of node.items) {
        if (YAML.isScalar(pair.key)) {
          const name = String(pair.key.value);
          const earlier = seen.get(name);
          if (earlier) duplicates.push({ name, key: earlier });
          seen.set(name, pair.key);
        }
        visit(pair.value);
      }
    } else if (YAML.isSeq(node)) {
      node.items.forEach(visit);
    }
  };
  visit(root);
  return duplicates;
}
