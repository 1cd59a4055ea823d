// Every insight answer at every position of texts in all states of typing:
// never throws, and never answers outside NetworkPolicy documents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionAt } from '../../server/src/engine/insight/completion';
import { hoverAt } from '../../server/src/engine/insight/hover';
import { definitionsAt, referencesAt } from '../../server/src/engine/insight/navigation';
import { policyLenses } from '../../server/src/engine/insight/policySummary';
import { SourceText } from '../../server/src/engine/sourceText';
import { insightWorkspace, POLICIES } from './insightFixture';

const URI = 'file:///ws/sweep.yaml';

function sweep(text: string, check?: (answers: unknown[]) => void): void {
  const workspace = insightWorkspace({ [URI]: text });
  const source = new SourceText(text);
  for (let offset = 0; offset <= text.length; offset++) {
    const position = source.positionAt(offset);
    const answers = [
      hoverAt(workspace, URI, position),
      definitionsAt(workspace, URI, position),
      referencesAt(workspace, URI, position, true),
      completionAt(workspace, URI, position),
    ];
    check?.(answers);
  }
  policyLenses(workspace, URI);
}

describe('insight: robustness at every position', () => {
  it('a complete policy file, every prefix of it (typing from the top), and CRLF line ends', () => {
    sweep(POLICIES);
    sweep(POLICIES.replace(/\n/g, '\r\n'));
    for (let end = 0; end < POLICIES.length; end += 113) sweep(POLICIES.slice(0, end));
  });

  it('malformed selectors, peers and ports', () => {
    sweep(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: [x]}\nspec:\n  podSelector: {matchLabels: [a], matchExpressions: {key: x}}\n  ingress:\n  - from: {podSelector: 3}\n    ports: [{port: [1]}, 7, {port: http, endPort: 9}]\n  - from: [null, {ipBlock: {cidr: x}, podSelector: {}}, {namespaceSelector: {matchLabels: {a: yes}}}]\n  egress: 5\n---\n- - : :\n  { [\n',
    );
  });

  it('nothing at any position of a document that is not a NetworkPolicy', () => {
    sweep(
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - from:\n    - podSelector: {}\n',
      (answers) => assert.deepEqual(answers, [undefined, undefined, undefined, undefined]),
    );
  });
});
