// The "Check Connection" verdict document and message (client/src/reachability/explainFormat.ts),
// from hand-written `netpol/explain` answers shaped as protocol.ts declares them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainDocumentPath, explainMarkdown, explainSummaryLine } from '../../client/src/reachability/explainFormat';
import { escapeMarkdown, locationLabel, locationLink } from '../../client/src/reachability/sourceLinks';
import type { ExplainResult, Reason, SideVerdict, SourceRef } from '../../server/src/protocol';

const at = (file: string, line: number): SourceRef => ({
  uri: `file:///workspace/${file}`,
  range: { start: { line, character: 0 }, end: { line, character: 4 } },
});

const webEgress: Reason = {
  policy: 'shop/web-egress',
  direction: 'egress',
  ruleIndex: 0,
  description: 'allows to pods app=api on TCP 8080',
  location: at('policies.yaml', 9),
};
const apiIngress: Reason = {
  policy: 'shop/api-ingress',
  direction: 'ingress',
  ruleIndex: 1,
  description: 'allows from pods app=web on TCP 8080-8090',
  location: at('policies.yaml', 30),
};
const denyAllIngress: Reason = {
  policy: 'shop/deny-all',
  direction: 'ingress',
  description: 'selects every pod of shop for ingress and has no ingress rule',
  location: at('deny.yaml', 2),
};

const open: SideVerdict = { isolated: false, isolatingPolicies: [], allowingRules: [], allowed: 'all', allowedText: 'all ports' };

const allowed: ExplainResult = {
  from: { kind: 'workload', ref: 'shop/web[Deployment]', location: at('web.yaml', 0) },
  to: { kind: 'workload', ref: 'shop/api[Deployment]', location: at('api.yaml', 0) },
  port: '8080/TCP',
  allowed: true,
  ports: [{ protocol: 'TCP', ports: [[8080, 8080]] }],
  portsText: 'TCP 8080',
  egress: {
    isolated: true,
    isolatingPolicies: [{ ...webEgress, ruleIndex: undefined }],
    allowingRules: [webEgress],
    allowed: [{ protocol: 'TCP', ports: [[8080, 8080]] }],
    allowedText: 'TCP 8080',
  },
  ingress: {
    isolated: true,
    isolatingPolicies: [{ ...apiIngress, ruleIndex: undefined }],
    allowingRules: [apiIngress],
    allowed: [{ protocol: 'TCP', ports: [[8080, 8090]] }],
    allowedText: 'TCP 8080-8090',
  },
  summary: 'web may connect to api on TCP 8080.',
};

/** Both ends unselected by any policy: everything goes. */
const notIsolated: ExplainResult = {
  ...allowed,
  port: undefined,
  ports: 'all',
  portsText: 'all ports',
  egress: open,
  ingress: open,
  summary: 'No policy selects either pod: all traffic is allowed.',
};

/** A deny-all policy (no ingress rules) isolates the destination. */
const isolatedWithoutRules: ExplainResult = {
  ...allowed,
  allowed: false,
  ports: [],
  portsText: 'no ports',
  egress: open,
  ingress: { isolated: true, isolatingPolicies: [denyAllIngress], allowingRules: [], allowed: [], allowedText: 'no ports' },
  summary: 'shop/deny-all isolates api for ingress and allows nothing.',
};

/** Rules exist on the destination, but none matches the asked port. */
const denied: ExplainResult = {
  ...allowed,
  port: '9999/TCP',
  allowed: false,
  ports: [],
  portsText: 'no ports',
  ingress: {
    isolated: true,
    isolatingPolicies: [{ ...apiIngress, ruleIndex: undefined }],
    allowingRules: [],
    allowed: [],
    allowedText: 'no ports',
  },
  summary: 'No ingress rule of api allows TCP 9999.',
};

/** Traffic from outside the cluster: only the destination's ingress counts. */
const fromOutside: ExplainResult = {
  ...allowed,
  from: { kind: 'external', ref: '203.0.113.0/24' },
  egress: open,
};

/** The markdown text under a `## ` heading that starts with `title`. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`## ${title}`);
  assert.ok(start >= 0, `no section ${title} in:\n${markdown}`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

describe('explain format: the verdict document', () => {
  it('lists the rules that matched an address but whose port name cannot resolve there', () => {
    const unresolved: Reason = {
      ...webEgress,
      description: 'allows to 203.0.113.0/24 on TCP port named "https": matches 203.0.113.7, but ...',
    };
    const markdown = explainMarkdown({
      ...isolatedWithoutRules,
      to: { kind: 'external', ref: '203.0.113.7' },
      egress: {
        isolated: true,
        isolatingPolicies: [denyAllIngress],
        allowingRules: [],
        allowed: [],
        allowedText: 'no ports',
        unresolvedRules: [unresolved],
      },
    });
    assert.match(
      section(markdown, 'Egress'),
      /Matched, but a port name cannot resolve on an address outside the cluster:\n\n- .*port named "https": matches 203\.0\.113\.7/,
    );
  });

  it('states an allowed connection with its ports, the rules on both sides and links to them', () => {
    const markdown = explainMarkdown(allowed);
    assert.match(markdown, /^# Allowed: `shop\/web\[Deployment\]` → `shop\/api\[Deployment\]`\n/);
    assert.match(markdown, /\*\*Allowed\*\* on TCP 8080\. web may connect to api on TCP 8080\./);
    assert.match(markdown, /port 8080\/TCP/);
    const egress = section(markdown, 'Egress of `shop/web[Deployment]`');
    assert.match(egress, /\*\*Isolated\*\* for egress by:/);
    assert.match(
      egress,
      /`shop\/web-egress` egress rule #0: allows to pods app=api on TCP 8080 \(\[policies\.yaml:10\]\(file:\/\/\/workspace\/policies\.yaml#L10\)\)/,
    );
    assert.match(egress, /This side allows TCP 8080\./);
    const ingress = section(markdown, 'Ingress of `shop/api[Deployment]`');
    assert.match(ingress, /`shop\/api-ingress` ingress rule #1/);
    assert.match(ingress, /\[policies\.yaml:31\]\(file:\/\/\/workspace\/policies\.yaml#L31\)/);
    assert.match(ingress, /This side allows TCP 8080-8090\./);
  });

  it("qualifies the verdict when an end uses hostNetwork: NetworkPolicies do not decide the node's traffic", () => {
    const fromHost = { ...allowed, from: { ...allowed.from, hostNetwork: true } };
    assert.match(explainMarkdown(fromHost), /^# Allowed as far as NetworkPolicies go \(hostNetwork\): /);
    assert.match(explainSummaryLine(fromHost), /^Allowed as far as NetworkPolicies go \(hostNetwork\): shop\/web/);
    assert.match(explainSummaryLine(allowed), /^Allowed: /);
  });

  it('states a denied connection and which side has no matching rule', () => {
    const markdown = explainMarkdown(denied);
    assert.match(markdown, /^# Denied:/);
    assert.match(markdown, /\*\*Denied\*\*\. No ingress rule of api allows TCP 9999\./);
    assert.match(
      section(markdown, 'Ingress of'),
      /\*\*No rule allows this traffic\*\*: no ingress rule of these policies matches it/,
    );
    assert.doesNotMatch(section(markdown, 'Egress of'), /No rule allows/);
  });

  it('explains a side that no policy selects as not isolated (everything allowed)', () => {
    const markdown = explainMarkdown(notIsolated);
    assert.match(markdown, /any port/);
    assert.match(
      section(markdown, 'Egress of'),
      /\*\*Not isolated\*\*: no NetworkPolicy selects `shop\/web\[Deployment\]` for egress, so all its egress traffic is allowed\./,
    );
    assert.match(
      section(markdown, 'Ingress of'),
      /\*\*Not isolated\*\*: no NetworkPolicy selects `shop\/api\[Deployment\]` for ingress/,
    );
  });

  it('explains a side isolated by policies without rules as denying everything, linking the policy', () => {
    const ingress = section(explainMarkdown(isolatedWithoutRules), 'Ingress of');
    assert.match(ingress, /`shop\/deny-all` ingress \(isolates\): selects every pod of shop/);
    assert.match(ingress, /\[deny\.yaml:3\]\(file:\/\/\/workspace\/deny\.yaml#L3\)/);
    assert.match(ingress, /\*\*No rule allows this traffic\*\*: .* a policy without ingress rules allows no ingress at all\./);
    assert.doesNotMatch(ingress, /Allowed by/);
  });

  it('says an external source is not restricted by policies (NetworkPolicies select pods only)', () => {
    const markdown = explainMarkdown(fromOutside);
    assert.match(markdown, /From external `203\.0\.113\.0\/24` to `shop\/api\[Deployment\]` \(\[api\.yaml:1\]/);
    assert.match(section(markdown, 'Egress of `203.0.113.0/24`'), /outside the cluster, and NetworkPolicies only select pods/);
  });

  it('escapes markdown in texts from manifests', () => {
    const markdown = explainMarkdown({ ...denied, summary: 'labels *a* and [b](x)' });
    assert.ok(markdown.includes('labels \\*a\\* and \\[b\\]\\(x\\)'), markdown);
  });
});

describe('explain format: summary line, ports, document name, links', () => {
  it('sums the verdict up in one line for the notification', () => {
    assert.equal(
      explainSummaryLine(allowed),
      'Allowed: shop/web[Deployment] → shop/api[Deployment] (port 8080/TCP). web may connect to api on TCP 8080.',
    );
    assert.equal(
      explainSummaryLine(notIsolated),
      'Allowed: shop/web[Deployment] → shop/api[Deployment] (any port). No policy selects either pod: all traffic is allowed.',
    );
    assert.match(explainSummaryLine(denied), /^Denied: /);
  });

  it('names the document after the question, in one path segment ending in .md', () => {
    const path = explainDocumentPath({ from: 'shop/web[Deployment]', to: '10.0.0.0/8', port: '53/udp' });
    assert.equal(path, '/shop∕web[Deployment] → 10.0.0.0∕8 port 53∕udp.md');
    assert.equal(path.lastIndexOf('/'), 0);
    assert.equal(explainDocumentPath({ from: 'a/b', to: 'c/d' }), '/a∕b → c∕d.md');
  });

  it('links a location to its 1-based line, encoding what would end the link target', () => {
    const location: SourceRef = {
      uri: 'file:///work/my%20dir/np%20(1).yaml',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    };
    assert.equal(locationLabel(location), 'np (1).yaml:1');
    assert.equal(locationLink(location), '[np \\(1\\).yaml:1](file:///work/my%20dir/np%20%281%29.yaml#L1)');
    assert.equal(escapeMarkdown('shop/web[Deployment]'), 'shop/web\\[Deployment\\]');
  });
});

describe('explain format: policies of other kinds', () => {
  it('adds a "Not modelled" section naming each policy, the side it governs and its link', () => {
    const markdown = explainMarkdown({
      ...allowed,
      notModelled: [
        {
          kind: 'CiliumNetworkPolicy',
          apiVersion: 'cilium.io/v2',
          policy: 'shop/deny-web',
          title: 'CiliumNetworkPolicy shop/deny-web',
          directions: ['ingress'],
          certain: true,
          location: at('cilium.yaml', 4),
          workload: 'shop/api[Deployment]',
          direction: 'ingress',
        },
      ],
    });
    const notModelled = section(markdown, 'Not modelled');
    assert.match(notModelled, /the cluster may decide differently/);
    assert.match(
      notModelled,
      /- CiliumNetworkPolicy shop\/deny-web governs the ingress of `shop\/api\[Deployment\]` \(\[cilium\.yaml:5\]\(file:\/\/\/workspace\/cilium\.yaml#L5\)\)/,
    );
  });

  it('has no such section when no other kind applies', () => {
    assert.doesNotMatch(explainMarkdown(allowed), /Not modelled/);
    assert.doesNotMatch(explainMarkdown({ ...allowed, notModelled: [] }), /Not modelled/);
  });
});
