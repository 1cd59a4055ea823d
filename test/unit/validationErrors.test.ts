// validationErrors (what reachability leaves a policy out for) skips the lints: it must
// still give exactly the error diagnostics of a full validation, on every policy the
// repository holds (fixtures, examples, the README's Fails/Fixed examples).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseManifest } from '../../server/src/engine/manifests';
import { validateNetworkPolicy, validationErrors } from '../../server/src/engine/validate';

const ROOTS = ['examples', 'test/fixtures'];
// The oldest and the newest modelled: rules that depend on the version differ between them.
const VERSIONS = [
  { major: 1, minor: 33 },
  { major: 1, minor: 36 },
];

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

describe('validationErrors', () => {
  it('equals the errors of a full validation for every NetworkPolicy in the repository, under the oldest and the newest Kubernetes version modelled', () => {
    let compared = 0;
    let withErrors = 0;
    const readmeBlocks = [...readFileSync('README.md', 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i) => ({
      path: `README.md block ${i + 1}`,
      text: m[1],
    }));
    const files = ROOTS.flatMap((root) => yamlFiles(root)).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
    for (const { path, text } of [...files, ...readmeBlocks]) {
      const file = parseManifest(`file:///${path.replace(/ /g, '-')}`, text);
      for (const object of file.objects) {
        if (object.kind !== 'NetworkPolicy') continue;
        for (const kubernetesVersion of VERSIONS) {
          const full = validateNetworkPolicy(object, { kubernetesVersion }).filter((d) => d.severity === 'error');
          assert.deepEqual(validationErrors(object, { kubernetesVersion }), full, `${path} line ${object.range.start.line + 1}`);
          compared++;
          if (full.length > 0) withErrors++;
        }
      }
    }
    // The corpus must hold both kinds for the comparison to mean anything.
    assert.ok(compared > 300 && withErrors > 60, `${compared} compared, ${withErrors} with errors`);
  });
});
