// A small realistic workspace for the selector-intelligence tests (engine and LSP), in
// test/fixtures/workspace-insight: labelled namespaces, Deployments and a StatefulSet with named
// ports, and policies with AND peers (podSelector + namespaceSelector in one item) and OR peers.
// The URIs are not the files' own: the tests see the same workspace wherever the checkout is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../../server/src/engine/workspace';
import { yaml } from '../helpers';

const FIXTURE = join(__dirname, '../fixtures/workspace-insight');

/** A policy being typed: the header every completion test starts from. */
export const TYPING_URI = 'file:///ws/typing.yaml';
export const TYPING_HEADER = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: typing
    namespace: shop
  spec:
`;

export const NAMESPACES_URI = 'file:///ws/namespaces.yaml';
export const SHOP_URI = 'file:///ws/shop.yaml';
export const INFRA_URI = 'file:///ws/infra.yaml';
export const POLICIES_URI = 'file:///ws/policies.yaml';

const read = (file: string): string => readFileSync(join(FIXTURE, file), 'utf8');

export const NAMESPACES = read('namespaces.yaml');
export const SHOP = read('shop.yaml');
export const INFRA = read('infra.yaml');
export const POLICIES = read('policies.yaml');

export function insightWorkspace(overrides: Record<string, string> = {}): Workspace {
  const workspace = new Workspace();
  const files = { ...INSIGHT_FILES, ...overrides };
  for (const [uri, text] of Object.entries(files)) workspace.setFile(uri, text);
  return workspace;
}

/** The position of the n-th (0-based) occurrence of `needle` in a text, plus `offset` characters. */
export function positionOf(text: string, needle: string, offset = 0, occurrence = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" #${occurrence} not in text`);
  }
  const before = text.slice(0, index + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** The fixture files by URI, for opening them in an editor session. */
export const INSIGHT_FILES: Readonly<Record<string, string>> = {
  [NAMESPACES_URI]: NAMESPACES,
  [SHOP_URI]: SHOP,
  [INFRA_URI]: INFRA,
  [POLICIES_URI]: POLICIES,
};
