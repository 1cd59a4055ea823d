// Quick fixes over real JSON-RPC against dist/server.js: for each README "Fails"
// example, the code actions offered for its diagnostic, each applied to the text as
// an editor applies a WorkspaceEdit, and the document validated again: the finding
// is gone and no error came. Also `source.fixAll.netpol` and codeDescription links.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  CodeActionKind,
  CodeActionRequest,
  DiagnosticSeverity,
  type CodeAction,
  type Command,
  type Diagnostic,
} from 'vscode-languageserver-protocol/node';
import { allCodes, documentationAnchor } from '../../server/src/engine/diagnosticCodes';
import { applyEdits, readmeExamples } from '../unit/quickFixes.helpers';
import type { TestServer } from './lspClient';
import { withServer } from './withServer';

const FIX_ALL = 'source.fixAll.netpol';

async function codeActions(server: TestServer, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const answer: Array<CodeAction | Command> | null = await server.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range,
    context: { diagnostics, ...(only && { only }) },
  });
  return (answer ?? []).filter((a): a is CodeAction => 'edit' in a || 'kind' in a);
}

function applyAction(text: string, uri: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `"${action.title}" carries no edit of ${uri}`);
  return applyEdits(text, edits);
}

const errorsOf = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${String(d.code)} ${d.message}`);

/** Codes whose README example has a quick fix, with how many actions its diagnostic gets. */
const FIXED_CODES: Record<string, number> = {
  NP1001: 1,
  NP1204: 1,
  NP1205: 1,
  NP1503: 1,
  NP1504: 2,
  NP1602: 1,
  NP1701: 1,
  NP2001: 2,
  NP2002: 2,
  NP2003: 1,
  NP2004: 2,
  NP2005: 1,
  NP2006: 1,
  NP2007: 1,
  NP2008: 1,
  NP2010: 1,
  NP3004: 1,
};

describe('lsp code actions', () => {
  const server = withServer();
  const examples = readmeExamples();

  it('announces quickfix and source.fixAll.netpol code actions', () => {
    assert.deepEqual(server.initializeResult!.capabilities.codeActionProvider, {
      codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL],
    });
  });

  for (const [code, count] of Object.entries(FIXED_CODES)) {
    it(`${code}: each quick fix of the README's Fails example removes the finding and adds no error`, async () => {
      const fails = examples.get(code)!.fails;
      const uri = `file:///workspace/fix-${code}.yaml`;
      await server.open(uri, fails);
      const published = await server.eventuallyPublished(uri, (ds) => ds.some((d) => d.code === code), `${code} published`);
      const diagnostic = published.find((d) => d.code === code)!;
      const actions = await codeActions(server, uri, [diagnostic]);
      assert.equal(actions.length, count, JSON.stringify(actions.map((a) => a.title)));
      for (const action of actions) {
        assert.equal(action.kind, CodeActionKind.QuickFix);
        assert.deepEqual(action.diagnostics, [diagnostic]);
        await server.change(uri, applyAction(fails, uri, action));
        const after = await server.diagnostics(uri);
        assert.ok(!after.some((d) => d.code === code), `"${action.title}" leaves ${code}`);
        const added = errorsOf(after).filter((e) => !errorsOf(published).includes(e));
        assert.deepEqual(added, [], `"${action.title}" adds errors`);
        await server.change(uri, fails);
        await server.eventuallyPublished(uri, (ds) => ds.some((d) => d.code === code), `${code} back`);
      }
      await server.close(uri);
    });
  }

  it('marks the one obvious fix preferred, and neither of two readings', async () => {
    const preferred = async (code: string): Promise<Array<boolean | undefined>> => {
      const uri = `file:///workspace/preferred-${code}.yaml`;
      await server.open(uri, examples.get(code)!.fails);
      const diagnostics = await server.eventuallyPublished(uri, (ds) => ds.some((d) => d.code === code), code);
      const actions = await codeActions(server, uri, [diagnostics.find((d) => d.code === code)!]);
      await server.close(uri);
      return actions.map((a) => a.isPreferred);
    };
    assert.deepEqual(await preferred('NP1503'), [true]);
    assert.deepEqual(await preferred('NP2001'), [undefined, undefined]);
  });

  it('offers nothing for a diagnostic of another source, or a code without a mechanical fix', async () => {
    const uri = `file:///workspace/fix-none.yaml`;
    const fails = examples.get('NP2009')!.fails;
    await server.open(uri, fails);
    const diagnostics = await server.diagnostics(uri);
    assert.ok(diagnostics.some((d) => d.code === 'NP2009'));
    assert.deepEqual(await codeActions(server, uri, diagnostics), []);
    const foreign = { ...diagnostics[0], source: 'yaml', code: 'NP2003' };
    assert.deepEqual(await codeActions(server, uri, [foreign]), []);
    await server.close(uri);
  });

  it('source.fixAll.netpol applies the safe fixes together and leaves the others', async () => {
    const uri = 'file:///workspace/fix-all.yaml';
    const text = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: web',
      '  namespace: shop',
      'spec:',
      '  podSelector:',
      '    matchExpressions:',
      '      - key: app',
      '        operator: Exists',
      '        values: [web]',
      '  policyTypes:',
      '    - Egress',
      '    - Egress',
      '  egress:',
      '    - to:',
      '        - ipBlock:',
      '            cidr: 10.0.0.1/8  # the office',
      '        - ipBlock:',
      "            cidr: '2001:DB8::/32'",
      '      ports:',
      '        - port: 443',
      '        - port: 443',
      '        - port: 53',
      '',
    ].join('\n');
    await server.open(uri, text);
    const before = await server.diagnostics(uri);
    assert.deepEqual(before.map((d) => d.code).sort(), ['NP1204', 'NP1504', 'NP2003', 'NP2006', 'NP2007', 'NP2010']);
    const actions = await codeActions(server, uri, [], [FIX_ALL]);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, FIX_ALL);
    const fixed = applyAction(text, uri, actions[0]);
    assert.equal(
      fixed,
      text
        .replace('        values: [web]\n', '')
        .replace('    - Egress\n    - Egress\n', '    - Egress\n')
        .replace('10.0.0.1/8  # the office', '10.0.0.0/8  # the office')
        .replace("'2001:DB8::/32'", "'2001:db8::/32'")
        .replace('        - port: 443\n        - port: 443\n', '        - port: 443\n'),
    );
    await server.change(uri, fixed);
    // What changes traffic is left for the user to choose: DNS over UDP (NP2010).
    assert.deepEqual(
      (await server.diagnostics(uri)).map((d) => d.code),
      ['NP2010'],
    );
    assert.deepEqual(await codeActions(server, uri, [], [FIX_ALL]), [], 'nothing safe is left');
    // The lightbulb (no `only`) and a request for quick fixes only do not get the fix-all action.
    assert.ok((await codeActions(server, uri, [], [CodeActionKind.QuickFix])).every((a) => a.kind !== FIX_ALL));
    await server.close(uri);
  });

  it('every diagnostic links to its README section (codeDescription.href)', async () => {
    const uri = 'file:///workspace/links.yaml';
    await server.open(uri, examples.get('NP2003')!.fails);
    const diagnostics = await server.diagnostics(uri);
    const repository = (JSON.parse(readFileSync('package.json', 'utf8')) as { repository: { url: string } }).repository.url;
    for (const diagnostic of diagnostics)
      assert.equal(
        diagnostic.codeDescription?.href,
        `${repository.replace(/\.git$/, '')}#${documentationAnchor(String(diagnostic.code))}`,
      );
    assert.ok(diagnostics.length > 0);
    await server.close(uri);
  });
});

/** github-slugger's rule for heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function githubAnchors(markdown: string): string[] {
  const seen = new Map<string, number>();
  return [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((heading) => {
    const base = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  });
}

describe('diagnostic code links', () => {
  it("each catalogue code's anchor is the anchor GitHub gives its README heading", () => {
    const anchors = githubAnchors(readFileSync('README.md', 'utf8'));
    for (const info of allCodes())
      assert.ok(anchors.includes(documentationAnchor(info.code)!), `${info.code}: ${documentationAnchor(info.code)}`);
    assert.equal(documentationAnchor('NP2008'), 'np2008-egress--does-not-isolate');
    assert.equal(documentationAnchor('NP2004'), 'np2004-andor-peer-trap');
  });
});
