// Each quick fix turns its README "Fails" example into the README "Fixed" example,
// byte for byte: the fixes are what the documentation tells people to do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixAllEdits, quickFixes } from '../../server/src/engine/insight/quickFixes';
import { validateManifest } from '../../server/src/engine/validate';
import { checkFileAgainstWorkspace } from '../../server/src/engine/validate/workspaceChecks';
import { Workspace } from '../../server/src/engine/workspace';
import { applyEdits, readmeExamples } from './quickFixes.helpers';

const URI = 'file:///docs/example.yaml';

/** The example as the editor sees it: its own findings and the workspace ones, with the workspace it defines. */
export function findingsOf(text: string): {
  workspace: Workspace;
  file: NonNullable<ReturnType<Workspace['manifest']>>;
  codes: string[];
} {
  const workspace = new Workspace();
  workspace.setFile(URI, text);
  const file = workspace.manifest(URI)!;
  const diagnostics = [...validateManifest(file), ...checkFileAgainstWorkspace(file, workspace)];
  return { workspace, file, codes: diagnostics.map((d) => d.code) };
}

function diagnosticsOf(text: string, code: string) {
  const { workspace, file } = findingsOf(text);
  const diagnostics = [...validateManifest(file), ...checkFileAgainstWorkspace(file, workspace)].filter((d) => d.code === code);
  return { workspace, file, diagnostics };
}

/** Code -> the start of the title of the fix whose result the README shows as Fixed. */
const fixShownAsFixed: Record<string, string> = {
  NP1001: 'Rename podSelectr to podSelector',
  NP1204: 'Remove the values',
  NP1205: 'Change to In',
  NP1602: 'Change to Ingress',
  NP1701: 'Change apiVersion to networking.k8s.io/v1',
  NP1503: 'Change to the canonical network 10.0.0.0/8',
  NP1504: 'Change to the canonical network 10.0.0.0/8',
  NP2001: 'Add Ingress to policyTypes',
  NP2002: 'Add Egress to policyTypes',
  NP2003: 'Remove the duplicate port entry',
  NP2004: 'Combine into one peer (AND)',
  NP2005: 'Allow DNS egress: UDP and TCP 53 to k8s-app=kube-dns pods in kube-system',
  NP2006: 'Remove the duplicate policyType',
  NP2007: 'Change to the canonical network 2001:db8::/32',
  NP2008: 'Add policyTypes: [Egress]',
  NP2010: 'Allow DNS over UDP too',
  NP3004: 'Use team=infra',
};

describe('quick fixes: README Fails -> Fixed', () => {
  const examples = readmeExamples();
  for (const [code, title] of Object.entries(fixShownAsFixed)) {
    it(`${code}: "${title}" produces the README's Fixed example`, () => {
      const example = examples.get(code);
      assert.ok(example, `README has no example for ${code}`);
      const { workspace, file, diagnostics } = diagnosticsOf(example.fails, code);
      assert.equal(diagnostics.length, 1, `Fails yields one ${code}`);
      const fixes = quickFixes(file, diagnostics[0], workspace);
      const chosen = fixes.find((f) => f.title.startsWith(title));
      assert.ok(chosen, `no fix titled "${title}…" among ${JSON.stringify(fixes.map((f) => f.title))}`);
      assert.equal(applyEdits(example.fails, chosen.edits), example.fixed);
    });
  }

  it('every fix of every README example removes its finding and adds no error', () => {
    for (const code of Object.keys(fixShownAsFixed)) {
      const example = examples.get(code)!;
      const { workspace, file, diagnostics } = diagnosticsOf(example.fails, code);
      for (const fix of quickFixes(file, diagnostics[0], workspace)) {
        const after = findingsOf(applyEdits(example.fails, fix.edits)).codes;
        assert.ok(!after.includes(code), `${code} "${fix.title}" leaves ${code}`);
        const errorsBefore = findingsOf(example.fails).codes.filter((c) => c.startsWith('NP1') || c.startsWith('NP0'));
        const errorsAfter = after.filter((c) => c.startsWith('NP1') || c.startsWith('NP0'));
        assert.ok(
          errorsAfter.every((c) => errorsBefore.includes(c)),
          `${code} "${fix.title}" adds ${JSON.stringify(errorsAfter)}`,
        );
      }
    }
  });

  it('the fixes with one obvious choice are preferred; the two readings of NP2001/NP2002/NP2004 are not', () => {
    const preferredOf = (code: string): boolean[] => {
      const { workspace, file, diagnostics } = diagnosticsOf(examples.get(code)!.fails, code);
      return quickFixes(file, diagnostics[0], workspace).map((f) => f.preferred);
    };
    for (const code of [
      'NP1001',
      'NP1204',
      'NP1205',
      'NP1503',
      'NP1602',
      'NP1701',
      'NP2003',
      'NP2005',
      'NP2006',
      'NP2007',
      'NP2010',
      'NP3004',
    ])
      assert.deepEqual(preferredOf(code), [true], code);
    for (const code of ['NP2001', 'NP2002', 'NP2004']) assert.deepEqual(preferredOf(code), [false, false], code);
  });

  it('NP2001/NP2002 offer the fix that keeps traffic as it is first', () => {
    for (const code of ['NP2001', 'NP2002']) {
      const { file, diagnostics } = diagnosticsOf(examples.get(code)!.fails, code);
      assert.match(quickFixes(file, diagnostics[0])[0].title, /^Remove the (ingress|egress) rules \(they have no effect/);
    }
  });

  it('fix-all applies the safe fixes of the README examples and nothing else', () => {
    for (const [code, safe] of Object.entries({
      NP1204: true,
      NP1503: true,
      NP1504: true,
      NP2003: true,
      NP2006: true,
      NP2007: true,
      NP1001: false,
      NP2001: false,
      NP2004: false,
      NP2005: false,
      NP2008: false,
      NP2010: false,
    })) {
      const example = examples.get(code)!;
      const { file } = findingsOf(example.fails);
      const fixed = applyEdits(example.fails, fixAllEdits(file, validateManifest(file)));
      assert.equal(fixed, safe ? example.fixed : example.fails, code);
    }
  });
});
