// The verdict of "Check Connection" as the page of its panel: the two sides a connection
// needs (the source's egress, then the destination's ingress), each allowed or denied with
// the policies that isolate it and the rules that allow it, as links to their lines.
// Pure (no `vscode`): the panel hands in the nonce and how paths read, and gets the HTML
// and the locations its links stand for (a link posts its index, never a URI).
import type { ExplainResult, PeerInfo, Reason, SideVerdict, SourceRef } from '../../../server/src/protocol';

export interface VerdictPageOptions {
  /** The nonce of the page's one style and one script (Content-Security-Policy). */
  readonly nonce: string;
  /** How a file reads: its workspace-relative path (`shop/policies.yaml`), or its path outside the workspace. */
  readonly relativePath: (uri: string) => string;
}

export interface VerdictPage {
  readonly html: string;
  /** What `{ type: 'open', link: i }` opens: the i-th location linked. */
  readonly links: readonly SourceRef[];
}

/** What the page posts to the extension. */
export type VerdictMessage = { type: 'open'; link: number } | { type: 'swap' } | { type: 'changePort' };

/** A message from the page, or undefined for anything else (the page is trusted no more than its input). */
export function parseVerdictMessage(message: unknown): VerdictMessage | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, link } = message as Record<string, unknown>;
  if (type === 'swap' || type === 'changePort') return { type };
  if (type === 'open' && typeof link === 'number' && Number.isInteger(link) && link >= 0) return { type, link };
  return undefined;
}

export type SideState = 'allowed' | 'denied' | 'not isolated' | 'not restricted';

/**
 * Where one side stands: not isolated (no policy selects the pod that way, everything goes),
 * not restricted (the end is an address outside the cluster: policies select pods only),
 * allowed (some of the asked traffic), or denied.
 */
export function sideState(side: SideVerdict, peer: PeerInfo): SideState {
  if (!side.isolated) return peer.kind === 'external' ? 'not restricted' : 'not isolated';
  return side.allowed === 'all' || side.allowed.length > 0 ? 'allowed' : 'denied';
}

/** "Allowed", "Denied", "Differs per replica", qualified when an end uses the node's network. */
export function verdictWord(result: ExplainResult): string {
  const word = result.perReplica ? 'Differs per replica' : result.allowed ? 'Allowed' : 'Denied';
  // NetworkPolicies do not decide a hostNetwork pod's traffic: the CNI does.
  return result.from.hostNetwork || result.to.hostNetwork ? `${word} as far as NetworkPolicies go (hostNetwork)` : word;
}

const askedPort = (result: Pick<ExplainResult, 'port'>): string =>
  result.port === undefined ? 'any port' : `port ${result.port}`;

/**
 * The one line a notification shows: e.g. "Allowed: shop/web[Deployment] → shop/api[Deployment]
 * (any port): TCP 8080." A denied verdict is announced as a warning, the others as information.
 */
export function verdictAnnouncement(result: ExplainResult): { severity: 'warning' | 'information'; text: string } {
  const ports = result.allowed && !result.perReplica ? `: ${result.portsText}` : '';
  return {
    severity: result.allowed ? 'information' : 'warning',
    text: `${verdictWord(result)}: ${result.from.ref} → ${result.to.ref} (${askedPort(result)})${ports}.`,
  };
}

/** The panel's title: short, the ends by name. */
export function verdictTitle(result: ExplainResult): string {
  const name = (peer: PeerInfo) =>
    peer.kind === 'external' ? peer.ref : peer.ref.replace(/^[^/]*\//, '').replace(/\[[^\]]*\]/, '');
  return `${name(result.from)} → ${name(result.to)}`;
}

/** Text from manifests and the server, shown literally. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function verdictHtml(result: ExplainResult, options: VerdictPageOptions): VerdictPage {
  const links: SourceRef[] = [];
  const where = (location: SourceRef): string => `${options.relativePath(location.uri)}:${location.range.start.line + 1}`;
  /** An anchor opening `location`; `text` is escaped here. */
  const link = (location: SourceRef, text: string, className?: string): string => {
    links.push(location);
    const classes = className ? ` class="${className}"` : '';
    return `<a href="#"${classes} data-link="${links.length - 1}" title="Open ${escapeHtml(where(location))}">${escapeHtml(text)}</a>`;
  };
  // A policy that only isolates is listed under its heading: the rule is said for rules only.
  const reasonItem = (reason: Reason): string =>
    `<li>${link(reason.location, reason.policy, 'policy')}` +
    `${reason.ruleIndex === undefined ? '' : ` <span class="rule">${reason.direction} rule #${reason.ruleIndex}</span>`}: ` +
    `${escapeHtml(reason.description)} ${link(reason.location, where(reason.location), 'where')}</li>`;
  const reasonList = (reasons: readonly Reason[]): string => `<ul>${reasons.map(reasonItem).join('')}</ul>`;
  const peer = (info: PeerInfo): string => {
    const ref = `<code>${escapeHtml(info.ref)}</code>`;
    const outside = info.kind === 'external' ? ' <span class="muted">(outside the cluster)</span>' : '';
    const host = info.hostNetwork ? ' <span class="muted">(hostNetwork)</span>' : '';
    const defined = info.location ? ` ${link(info.location, where(info.location), 'where')}` : '';
    return `${ref}${outside}${host}${defined}`;
  };

  const side = (verdict: SideVerdict, end: PeerInfo, direction: 'egress' | 'ingress'): string => {
    const state = sideState(verdict, end);
    const role = direction === 'egress' ? 'Source egress' : 'Destination ingress';
    const body: string[] = [];
    if (state === 'not restricted')
      body.push(
        `<p>${escapeHtml(end.ref)} is outside the cluster: NetworkPolicies select pods only, so nothing restricts this side.</p>`,
      );
    else if (state === 'not isolated')
      body.push(`<p>No NetworkPolicy selects this workload for ${direction}: all its ${direction} traffic is allowed.</p>`);
    else {
      body.push(`<h3>Isolated for ${direction} by</h3>`, reasonList(verdict.isolatingPolicies));
      if (verdict.allowingRules.length > 0)
        body.push(
          '<h3>Allowed by</h3>',
          reasonList(verdict.allowingRules),
          `<p>This side allows <strong>${escapeHtml(verdict.allowedText)}</strong>.</p>`,
        );
      // Isolating reasons carry no rule, so "no rule matches" and "no rules at all" read the same.
      else
        body.push(
          `<p>No ${direction} rule of these policies matches this traffic (a policy without ${direction} rules allows no ${direction}).</p>`,
        );
      if (verdict.unresolvedRules?.length)
        body.push(
          '<h3>Matched, but a port name cannot resolve on an address outside the cluster</h3>',
          reasonList(verdict.unresolvedRules),
        );
    }
    const stateClass = state.replace(' ', '-');
    return (
      `<section class="side ${stateClass}" aria-label="${escapeHtml(`${role} of ${end.ref}: ${state}`)}">` +
      `<h2><span class="role">${role}</span> <code>${escapeHtml(end.ref)}</code></h2>` +
      `<p class="state ${stateClass}">${state.toUpperCase()}</p>${body.join('')}</section>`
    );
  };

  const word = verdictWord(result);
  const verdictClass = result.perReplica ? 'differs' : result.allowed ? 'allowed' : 'denied';
  const perReplica = result.perReplica
    ? `<h2>Per replica</h2><ul>${result.perReplica
        .map(
          (pair) =>
            `<li><code>${escapeHtml(pair.from)}</code> → <code>${escapeHtml(pair.to)}</code>: ` +
            `${pair.allowed ? `allowed on ${escapeHtml(pair.portsText)}` : 'denied'}</li>`,
        )
        .join('')}</ul>`
    : '';
  const notes = (result.notes ?? []).map((note) => `<li>${escapeHtml(note)}</li>`);
  // In reading order, so that the links are numbered as they show.
  const header =
    `<header><p class="verdict ${verdictClass}">${escapeHtml(word.toUpperCase())}</p>` +
    `<p class="ends">From ${peer(result.from)} to ${peer(result.to)}, ${escapeHtml(askedPort(result))}` +
    `${result.allowed && !result.perReplica ? `: allowed on <strong>${escapeHtml(result.portsText)}</strong>` : ''}.</p>` +
    `<p class="summary">${escapeHtml(result.summary)}</p>` +
    '<p class="actions"><button type="button" data-action="swap" title="Check the connection the other way">⇄ Swap</button> ' +
    '<button type="button" data-action="changePort" class="secondary">Change Port…</button></p></header>';
  const sides =
    '<p class="muted">Traffic must be allowed twice: by the egress of the source and by the ingress of the destination.</p>' +
    `<div class="sides">${side(result.egress, result.from, 'egress')}<div class="arrow" aria-hidden="true">→</div>` +
    `${side(result.ingress, result.to, 'ingress')}</div>`;
  const notModelled = (result.notModelled ?? []).map(
    (entry) =>
      `<li>${link(entry.location, entry.title)} ${entry.certain ? 'governs' : 'may govern (its selector is not understood)'} ` +
      `the ${entry.direction} of <code>${escapeHtml(entry.workload)}</code> ${link(entry.location, where(entry.location), 'where')}</li>`,
  );
  const notices =
    (notes.length > 0 ? `<h2>Notes</h2><ul class="notes">${notes.join('')}</ul>` : '') +
    (notModelled.length > 0
      ? '<h2>Not modelled</h2><p>Policies of other kinds also govern this connection; this analysis does not model them, so the cluster may decide differently:</p>' +
        `<ul class="notes">${notModelled.join('')}</ul>`
      : '');

  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${options.nonce}'; script-src 'nonce-${options.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(`${word}: ${result.from.ref} → ${result.to.ref}`)}</title>
<style nonce="${options.nonce}">${STYLE}</style>
</head>
<body>
${header}
${perReplica}
${sides}
${notices}
<script nonce="${options.nonce}">${SCRIPT}</script>
</body>
</html>
`;
  return { html, links };
}

// Theme colours only (the workbench sets the --vscode-* variables on the page).
const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
  background: var(--vscode-editor-background); padding: 0 16px 16px; line-height: 1.45; }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
a { color: var(--vscode-textLink-foreground); text-decoration: none; }
a:hover, a:focus { color: var(--vscode-textLink-activeForeground); text-decoration: underline; }
a:focus-visible, button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
h2 { font-size: 1.05em; margin: 0 0 6px; font-weight: 600; }
h3 { font-size: 0.95em; margin: 10px 0 2px; font-weight: 600; color: var(--vscode-descriptionForeground); }
ul { margin: 2px 0; padding-left: 18px; }
li { margin: 2px 0; }
.muted, .where, .rule { color: var(--vscode-descriptionForeground); }
a.where { color: var(--vscode-textLink-foreground); }
.verdict { font-size: 1.3em; font-weight: 700; margin: 14px 0 4px; letter-spacing: 0.04em; }
.allowed { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.denied { color: var(--vscode-errorForeground); }
.differs, .not-isolated, .not-restricted { color: var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow)); }
.ends, .summary { margin: 4px 0; }
.actions { margin: 10px 0 14px; }
button { font-family: inherit; font-size: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background);
  border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px; padding: 4px 12px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
.sides { display: grid; grid-template-columns: minmax(0, 1fr) auto minmax(0, 1fr); align-items: stretch; gap: 8px; }
@media (max-width: 520px) { .sides { grid-template-columns: minmax(0, 1fr); } .arrow { justify-self: center; transform: rotate(90deg); } }
.side { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border)); border-radius: 4px; padding: 10px 12px;
  color: var(--vscode-foreground); }
.side.allowed { border-left: 4px solid var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }
.side.denied { border-left: 4px solid var(--vscode-errorForeground); }
.side.not-isolated, .side.not-restricted { border-left: 4px solid var(--vscode-editorWarning-foreground, var(--vscode-charts-yellow)); }
.role { text-transform: uppercase; font-size: 0.8em; letter-spacing: 0.05em; color: var(--vscode-descriptionForeground); margin-right: 4px; }
.state { font-weight: 700; margin: 2px 0 6px; }
.arrow { align-self: center; font-size: 1.4em; color: var(--vscode-descriptionForeground); }
`;

// Links and buttons post what they stand for; the extension decides what that opens.
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-link], [data-action]') : null;
  if (!target) return;
  event.preventDefault();
  const link = target.getAttribute('data-link');
  if (link !== null) vscode.postMessage({ type: 'open', link: Number(link) });
  else vscode.postMessage({ type: target.getAttribute('data-action') });
});
`;
