// The URIs a rendered object is placed at must be those of the files the workspace reads: the CLI
// names files with node's pathToFileURL, which percent-escapes a space, `#`, `%` and more. kustomize
// prints its origins as plain relative file paths (`config.kubernetes.io/origin` `path:`,
// kubectl.docs.kubernetes.io/references/kustomize/kustomization/buildmetadata/), and helm its
// `# Source: <chart>/<path>` as plain paths too: they are escaped the same way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readRenderedBuild } from '../../server/src/engine/renderedObjects';
import type { RenderedBuild } from '../../server/src/engine/renderedBuilds';
import { SourceText } from '../../server/src/engine/sourceText';

// Every printable ASCII character but `/`, and some that are not ASCII, in a folder name.
const ODD_NAMES = [
  'shop #1',
  "it's #1",
  '100% [prod]',
  'a?b&c=d',
  'x~y^z|w`v{u}"t<s>',
  "argoproj+argo-cd@v2,!$'()*;:",
  'école-日本-🙂',
  [...Array(95).keys()]
    .map((i) => String.fromCharCode(32 + i))
    .filter((c) => c !== '/')
    .join(''),
];

// kustomize quotes a path in single quotes where YAML needs it, a quote doubled: `path: '../q/it''s #1/a.yaml'`.
const CONFIG_MAP = (name: string, origin: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  annotations:\n    config.kubernetes.io/origin: |\n      path: '${origin.replace(/'/g, "''")}'\n`;

describe('rendered objects are placed at the URIs pathToFileURL gives their origin files', () => {
  for (const name of ODD_NAMES) {
    it(`kustomize origin under a folder named ${JSON.stringify(name)}`, () => {
      const wrapper = '/tmp/netpol-kustomize-x1';
      const build: RenderedBuild = {
        id: 'file:///work/overlay/kustomization.yaml',
        tool: 'kustomize',
        label: 'kustomize build overlay',
        anchorUri: 'file:///work/overlay/kustomization.yaml',
        output: CONFIG_MAP('settings', `../../work/${name}/base/settings.yaml`),
        originBase: pathToFileURL(wrapper).href,
        inputs: [],
      };
      const { objects } = readRenderedBuild(build, () => undefined);
      assert.deepEqual(
        objects.map((o) => o.uri),
        [pathToFileURL(`/work/${name}/base/settings.yaml`).href],
      );
    });
  }

  it('helm `# Source:` paths too', () => {
    const chart = `/work/${ODD_NAMES[0]}/charts/web`;
    const build: RenderedBuild = {
      id: `${pathToFileURL(chart).href}#web`,
      tool: 'helm',
      label: 'helm template web charts/web',
      anchorUri: `${pathToFileURL(chart).href}/Chart.yaml`,
      output: '---\n# Source: web/templates/config map #2.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
      originBase: pathToFileURL(chart).href,
      inputs: [],
    };
    const { objects } = readRenderedBuild(build, () => undefined);
    assert.deepEqual(
      objects.map((o) => o.uri),
      [pathToFileURL(`${chart}/templates/config map #2.yaml`).href],
    );
  });

  it('the reader may know the origin file under another spelling of its URI: the object takes that one', () => {
    const build: RenderedBuild = {
      id: 'file:///work/overlay/kustomization.yaml',
      tool: 'kustomize',
      label: 'kustomize build overlay',
      anchorUri: 'file:///work/overlay/kustomization.yaml',
      output: CONFIG_MAP('settings', '../../work/a+b/settings.yaml'),
      originBase: 'file:///tmp/netpol-kustomize-x1',
      inputs: [],
    };
    // An editor escapes `+` (VS Code's URI does); the workspace finds its file by either spelling.
    const editorUri = 'file:///work/a%2Bb/settings.yaml';
    const { objects } = readRenderedBuild(build, (uri) =>
      decodeURIComponent(uri) === decodeURIComponent(editorUri)
        ? { uri: editorUri, source: new SourceText(''), objects: [], diagnostics: [] }
        : undefined,
    );
    assert.deepEqual(
      objects.map((o) => o.uri),
      [editorUri],
    );
  });
});
