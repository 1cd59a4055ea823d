// The page of Check Connection's verdict panel (client/src/verdict/verdictHtml.ts), from
// hand-written `netpol/explain` answers shaped as protocol.ts declares them: the two sides,
// links as indexes into the locations, escaping, the Content-Security-Policy, the messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  escapeHtml,
  parseVerdictMessage,
  sideState,
  verdictAnnouncement,
  verdictHtml,
  verdictTitle,
} from '../../client/src/verdict/verdictHtml';
import type { ExplainResult, Reason, SideVerdict, SourceRef } from '../../server/src/protocol';

const at = (file: string, line: number): SourceRef => ({
  uri: `file:///workspace/${file}`,
  range: { start: { line, character: 0 }, end: { line, character: 4 } },
});
const options = { nonce: 'N0nce', relativePath: (uri: string) => uri.replace('file:///workspace/', '') };

const webEgress: Reason = {
  policy: 'shop/web-egress',
  direction: 'egress',
  ruleIndex: 0,
  description: 'allows to pods app=api on TCP 8080',
  location: at('shop/policies.yaml', 9),
};
const apiIngress: Reason = {
  policy: 'shop/api-ingress',
  direction: 'ingress',
  ruleIndex: 1,
  description: 'allows from pods app=web on TCP 8080-8090',
  location: at('shop/policies.yaml', 30),
};
const denyAllIngress: Reason = {
  policy: 'shop/deny-all',
  direction: 'ingress',
  description: 'selects every pod of shop for ingress and has no ingress rule',
  location: at('shop/deny.yaml', 2),
};
const open: SideVerdict = { isolated: false, isolatingPolicies: [], allowingRules: [], allowed: 'all', allowedText: 'all ports' };

const allowed: ExplainResult = {
  from: { kind: 'workload', ref: 'shop/web[Deployment]', location: at('shop/web.yaml', 0) },
  to: { kind: 'workload', ref: 'shop/api[Deployment]', location: at('shop/api.yaml', 0) },
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
  summary: 'shop/web[Deployment] may connect to shop/api[Deployment] on TCP 8080.',
};

/** A deny-all policy (no ingress rules) isolates the destination; the source's egress is open. */
const denied: ExplainResult = {
  ...allowed,
  port: undefined,
  allowed: false,
  ports: [],
  portsText: 'no ports',
  egress: open,
  ingress: { isolated: true, isolatingPolicies: [denyAllIngress], allowingRules: [], allowed: [], allowedText: 'no ports' },
  summary: 'shop/web[Deployment] may not connect to shop/api[Deployment]: the ingress of shop/api[Deployment] does not allow it.',
};

/** The HTML of one side, found by its aria-label, which starts with its role and ref. */
function sideOf(html: string, label: string): string {
  const start = html.indexOf(`<section class="side`, html.indexOf(`aria-label="${label}`) - 60);
  assert.ok(html.includes(`aria-label="${label}`), `no side "${label}" in:\n${html}`);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('verdict panel: the two sides', () => {
  it('shows the source egress, then the destination ingress, each allowed with its isolating policies and allowing rules', () => {
    const { html } = verdictHtml(allowed, options);
    assert.match(html, /<p class="verdict allowed">ALLOWED<\/p>/);
    const egress = html.indexOf('aria-label="Source egress of shop/web[Deployment]: allowed"');
    const ingress = html.indexOf('aria-label="Destination ingress of shop/api[Deployment]: allowed"');
    assert.ok(egress > 0 && ingress > egress, html);
    const egressSide = sideOf(html, 'Source egress');
    assert.match(egressSide, /<p class="state allowed">ALLOWED<\/p>/);
    assert.match(
      egressSide,
      /<h3>Isolated for egress by<\/h3><ul><li><a href="#" class="policy" data-link="\d+"[^>]*>shop\/web-egress<\/a>/,
    );
    assert.match(egressSide, /<h3>Allowed by<\/h3>.*egress rule #0<\/span>: allows to pods app=api on TCP 8080/);
    assert.match(egressSide, /This side allows <strong>TCP 8080<\/strong>/);
    assert.match(sideOf(html, 'Destination ingress'), /This side allows <strong>TCP 8080-8090<\/strong>/);
  });

  it('shows a denied side as DENIED with its isolating policy, and an open side as NOT ISOLATED', () => {
    const { html } = verdictHtml(denied, options);
    assert.match(html, /<p class="verdict denied">DENIED<\/p>/);
    assert.match(html, /, any port\.<\/p>/);
    const ingress = sideOf(html, 'Destination ingress');
    assert.match(ingress, /<p class="state denied">DENIED<\/p>/);
    assert.match(ingress, />shop\/deny-all<\/a>: selects every pod of shop/);
    assert.match(ingress, /No ingress rule of these policies matches this traffic/);
    assert.doesNotMatch(ingress, /Allowed by/);
    const egress = sideOf(html, 'Source egress');
    assert.match(egress, /<p class="state not-isolated">NOT ISOLATED<\/p>/);
    assert.match(egress, /No NetworkPolicy selects this workload for egress: all its egress traffic is allowed\./);
  });

  it('says an address outside the cluster is not restricted: policies select pods only', () => {
    const fromOutside: ExplainResult = { ...allowed, from: { kind: 'external', ref: '203.0.113.0/24' }, egress: open };
    const { html } = verdictHtml(fromOutside, options);
    assert.equal(sideState(fromOutside.egress, fromOutside.from), 'not restricted');
    assert.match(
      sideOf(html, 'Source egress of 203.0.113.0/24'),
      /NOT RESTRICTED.*outside the cluster: NetworkPolicies select pods only/,
    );
    assert.match(html, /From <code>203\.0\.113\.0\/24<\/code> <span class="muted">\(outside the cluster\)<\/span> to/);
  });

  it('lists egress rules that matched an address but whose port name cannot resolve there', () => {
    const unresolved: Reason = { ...webEgress, description: 'allows to 203.0.113.0/24 on TCP port named "https"' };
    const { html } = verdictHtml(
      {
        ...denied,
        to: { kind: 'external', ref: '203.0.113.7/32' },
        egress: { ...denied.ingress, isolatingPolicies: [webEgress], unresolvedRules: [unresolved] },
        ingress: open,
      },
      options,
    );
    assert.match(
      sideOf(html, 'Source egress'),
      /cannot resolve on an address outside the cluster<\/h3><ul><li>.*port named &#34;https&#34;/,
    );
  });
});

describe('verdict panel: links, escaping, page security', () => {
  it('links every policy and rule to its file at the line, by index, labelled with the relative path', () => {
    const { html, links } = verdictHtml(allowed, options);
    const anchors = [...html.matchAll(/<a href="#"(?: class="(\w+)")? data-link="(\d+)" title="Open ([^"]+)">([^<]*)<\/a>/g)];
    assert.ok(anchors.length > 0);
    for (const [, , index, title] of anchors) {
      const location = links[Number(index)];
      assert.ok(location, `link ${index} has no location`);
      assert.equal(title, `${options.relativePath(location.uri)}:${location.range.start.line + 1}`);
    }
    // The rule's link reads as the workspace-relative path and 1-based line.
    assert.ok(
      anchors.some(
        ([, className, index, , text]) =>
          className === 'where' && text === 'shop/policies.yaml:10' && links[Number(index)] === webEgress.location,
      ),
    );
    // The ends link to their definitions.
    assert.ok(
      anchors.some(([, , index, , text]) => text === 'shop/web.yaml:1' && links[Number(index)] === allowed.from.location),
    );
    assert.doesNotMatch(html, /file:\/\//, 'URIs stay in the extension: the page posts link indexes');
  });

  it('shows refs literally: no escaped Markdown, and HTML in texts from manifests is escaped', () => {
    const { html } = verdictHtml(
      { ...denied, summary: 'labels <b>a</b> & "q" \'s', notes: ['<script>alert(1)</script>'] },
      options,
    );
    assert.ok(html.includes('<code>shop/web[Deployment]</code>'), html);
    assert.doesNotMatch(html, /\\\[/);
    assert.ok(html.includes('labels &#60;b&#62;a&#60;/b&#62; &#38; &#34;q&#34; &#39;s'), html);
    assert.ok(html.includes('<li>&#60;script&#62;alert(1)&#60;/script&#62;</li>'), html);
    assert.equal(html.match(/<script/g)?.length, 1, 'only the page script');
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('allows no remote resource: one nonced style and one nonced script', () => {
    const { html } = verdictHtml(allowed, options);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-N0nce'; script-src 'nonce-N0nce';">/,
    );
    assert.match(html, /<style nonce="N0nce">/);
    assert.match(html, /<script nonce="N0nce">/);
    assert.doesNotMatch(html, /https?:|src=/);
    // Colours come from the theme.
    assert.doesNotMatch(html.slice(html.indexOf('<style'), html.indexOf('</style>')), /#[0-9a-f]{3,6}\b|rgb\(/i);
  });

  it('offers Swap and Change Port, and reads back only the messages it posts', () => {
    const { html } = verdictHtml(allowed, options);
    assert.match(html, /<button type="button" data-action="swap"[^>]*>⇄ Swap<\/button>/);
    assert.match(html, /<button type="button" data-action="changePort"[^>]*>Change Port…<\/button>/);
    assert.deepEqual(parseVerdictMessage({ type: 'swap' }), { type: 'swap' });
    assert.deepEqual(parseVerdictMessage({ type: 'changePort' }), { type: 'changePort' });
    assert.deepEqual(parseVerdictMessage({ type: 'open', link: 2 }), { type: 'open', link: 2 });
    for (const message of [undefined, null, 'swap', { type: 'open', link: -1 }, { type: 'open', link: '1' }, { type: 'run' }])
      assert.equal(parseVerdictMessage(message), undefined, JSON.stringify(message));
  });

  it('names policies of other kinds and the notes the verdict carries', () => {
    const { html, links } = verdictHtml(
      {
        ...allowed,
        notes: ['shop/web[Deployment] uses hostNetwork.'],
        notModelled: [
          {
            kind: 'CiliumNetworkPolicy',
            apiVersion: 'cilium.io/v2',
            policy: 'shop/deny-web',
            title: 'CiliumNetworkPolicy shop/deny-web',
            directions: ['ingress'],
            certain: true,
            location: at('shop/cilium.yaml', 4),
            workload: 'shop/api[Deployment]',
            direction: 'ingress',
          },
        ],
      },
      options,
    );
    assert.match(html, /<h2>Notes<\/h2><ul class="notes"><li>shop\/web\[Deployment\] uses hostNetwork\.<\/li>/);
    assert.match(html, /<h2>Not modelled<\/h2>.*the cluster may decide differently/);
    assert.match(
      html,
      />CiliumNetworkPolicy shop\/deny-web<\/a> governs the ingress of <code>shop\/api\[Deployment\]<\/code> <a [^>]*>shop\/cilium\.yaml:5<\/a>/,
    );
    assert.ok(links.some((location) => location.uri.endsWith('cilium.yaml')));
    assert.doesNotMatch(verdictHtml(allowed, options).html, /Not modelled|Notes/);
  });
});

describe('verdict panel: announcement and title', () => {
  it('announces a denied verdict as a warning and an allowed one as information, in one line', () => {
    assert.deepEqual(verdictAnnouncement(allowed), {
      severity: 'information',
      text: 'Allowed: shop/web[Deployment] → shop/api[Deployment] (port 8080/TCP): TCP 8080.',
    });
    assert.deepEqual(verdictAnnouncement(denied), {
      severity: 'warning',
      text: 'Denied: shop/web[Deployment] → shop/api[Deployment] (any port).',
    });
  });

  it("qualifies the verdict when an end uses hostNetwork: NetworkPolicies do not decide the node's traffic", () => {
    const fromHost = { ...allowed, from: { ...allowed.from, hostNetwork: true } };
    assert.match(verdictAnnouncement(fromHost).text, /^Allowed as far as NetworkPolicies go \(hostNetwork\): shop\/web/);
    assert.match(verdictHtml(fromHost, options).html, /ALLOWED AS FAR AS NETWORKPOLICIES GO \(HOSTNETWORK\)/);
  });

  it('titles the panel with the ends by name', () => {
    assert.equal(verdictTitle(allowed), 'web → api');
    assert.equal(
      verdictTitle({
        ...allowed,
        from: { kind: 'external', ref: '10.0.0.0/8' },
        to: { kind: 'workload', ref: 'a/kafka[StatefulSet]#0' },
      }),
      '10.0.0.0/8 → kafka#0',
    );
  });
});
