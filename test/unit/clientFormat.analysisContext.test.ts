// The analysis context's status bar item and picker as data (client/src/analysisContext/contextView.ts),
// from hand-written `netpol/contexts` answers and `netpol/renderStatus` notifications.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextPickItems, statusBarView } from '../../client/src/analysisContext/contextView';
import { PLAIN_CONTEXT_ID, type AnalysisContextInfo, type ContextsRequest } from '../../server/src/protocol';

const PLAIN: AnalysisContextInfo = {
  id: PLAIN_CONTEXT_ID,
  label: 'All plain folders (no rendering)',
  description: 'every file read as it is',
  builds: [],
  folders: [],
};
const root = (path: string): AnalysisContextInfo => ({
  id: `file:///repo/${path}/kustomization.yaml`,
  label: path,
  description: `kustomize build ${path}`,
  builds: [path],
  folders: [],
});
const DEV = root('overlays/dev');
const PROD = root('overlays/prod');
const TEAM: AnalysisContextInfo = {
  id: 'setting:file:///repo#prod',
  label: 'prod',
  description: 'overlays/prod, policies as it is (netpol.contexts)',
  builds: ['overlays/prod'],
  folders: ['policies'],
};
const NOTICE =
  "Several kustomize overlays describe different clusters; showing overlays/dev. Pick another with 'NetworkPolicy: Pick Analysis Context'.";

const overlays: ContextsRequest.Result = {
  contexts: [DEV, PROD, PLAIN],
  active: DEV.id,
  defaultId: DEV.id,
  notice: NOTICE,
};

describe('analysis context: status bar item', () => {
  it('is hidden while the server has not answered, and when the only context is the plain one', () => {
    assert.equal(statusBarView(undefined, undefined).visible, false);
    const plainOnly = { contexts: [PLAIN], active: PLAIN_CONTEXT_ID, defaultId: PLAIN_CONTEXT_ID };
    assert.equal(statusBarView(plainOnly, { state: 'idle', active: PLAIN_CONTEXT_ID }).visible, false);
  });

  it('shows the active context with the layers icon, and in the tooltip its description, the notice and how to pick', () => {
    assert.deepEqual(statusBarView(overlays, undefined), {
      visible: true,
      text: '$(layers) overlays/dev',
      tooltip: [
        'Analysis context: overlays/dev (kustomize build overlays/dev)',
        NOTICE,
        'Click to pick another analysis context.',
      ].join('\n'),
    });
  });

  it('spins while a build renders, warns when it failed (the detail in the tooltip), and says when rendering is off', () => {
    assert.equal(statusBarView(overlays, { state: 'building', active: DEV.id }).text, '$(sync~spin) overlays/dev');
    const failed = statusBarView(overlays, { state: 'failed', active: DEV.id, detail: 'accumulating resources: missing.yaml' });
    assert.equal(failed.text, '$(warning) overlays/dev');
    assert.match(failed.tooltip, /^Rendering failed: accumulating resources: missing\.yaml$/m);
    const off = statusBarView(overlays, { state: 'off', active: DEV.id, detail: 'the workspace is not trusted' });
    assert.equal(off.text, '$(circle-slash) overlays/dev');
    assert.match(off.tooltip, /^Rendering is off: the workspace is not trusted$/m);
  });

  it('names the context the newest status names, which may be newer than the list', () => {
    assert.equal(statusBarView(overlays, { state: 'idle', active: PROD.id }).text, '$(layers) overlays/prod');
  });

  it('shows the contexts of netpol.contexts even without root builds', () => {
    const team = { contexts: [TEAM, PLAIN], active: TEAM.id, defaultId: PLAIN_CONTEXT_ID };
    assert.equal(statusBarView(team, undefined).text, '$(layers) prod');
  });
});

describe('analysis context: picker items', () => {
  it('one item per context in the server order, the active one checked, the default marked and sent as "no choice"', () => {
    const items = contextPickItems({ ...overlays, active: PROD.id });
    assert.deepEqual(items, [
      {
        label: '$(blank) overlays/dev',
        description: 'default · kustomize build overlays/dev',
        detail: 'renders overlays/dev',
        id: undefined,
        picked: false,
      },
      {
        label: '$(check) overlays/prod',
        description: 'kustomize build overlays/prod',
        detail: 'renders overlays/prod',
        id: PROD.id,
        picked: true,
      },
      {
        label: '$(blank) All plain folders (no rendering)',
        description: 'every file read as it is',
        id: PLAIN_CONTEXT_ID,
        picked: false,
      },
    ]);
  });

  it('a context of netpol.contexts tells its plain folders', () => {
    const [team] = contextPickItems({ contexts: [TEAM, PLAIN], active: TEAM.id, defaultId: PLAIN_CONTEXT_ID });
    assert.equal(team.detail, 'renders overlays/prod · as it is: policies');
    assert.equal(team.id, TEAM.id);
  });
});
