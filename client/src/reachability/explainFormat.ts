// The verdict of "Check Connection" for people: a markdown document with links to
// the rules (explainMarkdown) and a one-line summary (explainSummaryLine).
import type { ExplainRequest, ExplainResult, PeerInfo, Reason, SideVerdict } from '../../../server/src/protocol';
import { reasonLine } from './treeModel';
import { escapeMarkdown, inlineCode, locationLink } from './sourceLinks';

function askedPort(result: Pick<ExplainResult, 'port'>): string {
  return result.port === undefined ? 'any port' : `port ${result.port}`;
}

/** e.g. "Allowed: shop/web[Deployment] → shop/api[Deployment] (port 8080/TCP). Web may connect to api on TCP 8080." */
export function explainSummaryLine(result: ExplainResult): string {
  const verdict = result.perReplica ? 'Differs per replica' : result.allowed ? 'Allowed' : 'Denied';
  return `${verdict}${qualifier(result)}: ${result.from.ref} → ${result.to.ref} (${askedPort(result)}). ${result.summary}`.trim();
}

/** The verdict holds for NetworkPolicies only when an end uses the node's network: its traffic is the CNI's to decide. */
function qualifier(result: Pick<ExplainResult, 'from' | 'to'>): string {
  return result.from.hostNetwork || result.to.hostNetwork ? ' as far as NetworkPolicies go (hostNetwork)' : '';
}

export function explainMarkdown(result: ExplainResult): string {
  const verdict = result.perReplica
    ? '**Differs per replica**'
    : result.allowed
      ? `**Allowed** on ${escapeMarkdown(result.portsText)}`
      : '**Denied**';
  const title = `${result.perReplica ? 'Differs per replica' : result.allowed ? 'Allowed' : 'Denied'}${qualifier(result)}`;
  return (
    [
      `# ${title}: ${inlineCode(result.from.ref)} → ${inlineCode(result.to.ref)}`,
      `From ${peerText(result.from)} to ${peerText(result.to)}, ${askedPort(result)}.`,
      `${verdict}. ${escapeMarkdown(result.summary)}`,
      ...(result.perReplica
        ? [
            result.perReplica
              .map(
                (r) =>
                  `- ${inlineCode(r.from)} → ${inlineCode(r.to)}: ${r.allowed ? `allowed on ${escapeMarkdown(r.portsText)}` : 'denied'}`,
              )
              .join('\n'),
          ]
        : []),
      ...(result.notes ?? []).map((note) => `**Note**: ${escapeMarkdown(note)}`),
      'Traffic must be allowed twice: by the egress of the source and by the ingress of the destination.',
      `## Egress of ${inlineCode(result.from.ref)}`,
      ...sideParagraphs(result.egress, result.from, 'egress'),
      `## Ingress of ${inlineCode(result.to.ref)}`,
      ...sideParagraphs(result.ingress, result.to, 'ingress'),
      ...notModelledParagraphs(result),
    ].join('\n\n') + '\n'
  );
}

/** Policies of other kinds on either end: the verdict above holds for NetworkPolicies only. */
function notModelledParagraphs(result: ExplainResult): string[] {
  const entries = result.notModelled ?? [];
  if (entries.length === 0) return [];
  return [
    '## Not modelled',
    'Policies of other kinds also govern this connection; this analysis does not model them, so the cluster may decide differently:',
    entries
      .map(
        (entry) =>
          `- ${escapeMarkdown(entry.title)} ${entry.certain ? 'governs' : 'may govern (its selector is not understood)'} the ${entry.direction} of ${inlineCode(entry.workload)} (${locationLink(entry.location)})`,
      )
      .join('\n'),
  ];
}

function peerText(peer: PeerInfo): string {
  const text = peer.kind === 'external' ? `external ${inlineCode(peer.ref)}` : inlineCode(peer.ref);
  return peer.location ? `${text} (${locationLink(peer.location)})` : text;
}

function sideParagraphs(side: SideVerdict, peer: PeerInfo, direction: 'egress' | 'ingress'): string[] {
  if (!side.isolated) {
    // NetworkPolicies select pods: traffic of an address outside the cluster is only ever limited by the pod's side.
    if (peer.kind === 'external')
      return [`Not restricted: ${inlineCode(peer.ref)} is outside the cluster, and NetworkPolicies only select pods.`];
    return [
      `**Not isolated**: no NetworkPolicy selects ${inlineCode(peer.ref)} for ${direction}, so all its ${direction} traffic is allowed.`,
    ];
  }
  const paragraphs = [`**Isolated** for ${direction} by:`, reasonList(side.isolatingPolicies)];
  if (side.allowingRules.length === 0) {
    // The answer does not say whether the policies have rules at all (isolating reasons carry no rule), so one wording covers both.
    paragraphs.push(
      `**No rule allows this traffic**: no ${direction} rule of these policies matches it, and a policy without ${direction} rules allows no ${direction} at all.`,
    );
  } else {
    paragraphs.push('Allowed by:', reasonList(side.allowingRules), `This side allows ${escapeMarkdown(side.allowedText)}.`);
  }
  if (side.unresolvedRules?.length)
    paragraphs.push(
      'Matched, but a port name cannot resolve on an address outside the cluster:',
      reasonList(side.unresolvedRules),
    );
  return paragraphs;
}

function reasonList(reasons: readonly Reason[]): string {
  return reasons.map((reason) => `- ${reasonLine(reason)}`).join('\n');
}

/**
 * Path of the verdict's virtual document: readable as a tab title, one per question
 * (asking again replaces it). Refs and CIDRs contain `/`, shown as a look-alike so the
 * path keeps one segment.
 */
export function explainDocumentPath(params: ExplainRequest.Params): string {
  const plain = (text: string) => text.replace(/\//g, '\u2215').replace(/[\\?#%]/g, '_');
  const port = params.port === undefined ? '' : ` port ${plain(params.port)}`;
  return `/${plain(params.from)} → ${plain(params.to)}${port}.md`;
}
