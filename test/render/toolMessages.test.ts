// toolErrorText: the reason out of what kubectl, kustomize and helm print on stderr. The samples
// are what kubectl v1.32 (kustomize v5.5.0) printed on this machine; klog's format for a
// multi-line value (`err=<`, tab-indented lines, ` >`) is k8s.io/klog/v2's text logger.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toolErrorText } from '../../server/src/render/toolMessages';

describe('toolErrorText', () => {
  it("kubectl's klog line: the err value, Go escapes undone", () => {
    const stderr =
      "E1206 08:59:14.783690   21482 run.go:72] \"command failed\" err=\"unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/tmp/kexp/empty'\"\n";
    assert.equal(
      toolErrorText(stderr),
      "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/tmp/kexp/empty'",
    );
    assert.equal(
      toolErrorText('E1206 08:56:38.290724 19704 run.go:72] "command failed" err="a \\"quoted\\" \\\\ word\\tand tab"'),
      'a "quoted" \\ word\tand tab',
    );
  });

  it("kubectl's klog block for a value over several lines", () => {
    const stderr = [
      'E1206 08:59:14.663959   21465 run.go:72] "command failed" err=<',
      "\taccumulating resources: accumulation err='accumulating resources from 'https://example.com/x': Get \"https://example.com/x\": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused': failed to run '/usr/bin/git fetch --depth=1 https://example.com/x': fatal: transport 'https' not allowed",
      '\t: exit status 128',
      ' >',
      '',
    ].join('\n');
    assert.equal(
      toolErrorText(stderr),
      "accumulating resources: accumulation err='accumulating resources from 'https://example.com/x': Get \"https://example.com/x\": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused': failed to run '/usr/bin/git fetch --depth=1 https://example.com/x': fatal: transport 'https' not allowed\n: exit status 128",
    );
  });

  it("older kubectl's `error: `, kustomize's and helm's `Error: ` (cobra), without the usage text after it", () => {
    assert.equal(
      toolErrorText('error: must build at directory: not a valid directory\n'),
      'must build at directory: not a valid directory',
    );
    assert.equal(
      toolErrorText(
        'walk.go:74: found symbolic link in path\nError: template: web/templates/x.yaml:3:4: bad\n\nUsage:\n  helm template [NAME] [CHART] [flags]\n',
      ),
      'template: web/templates/x.yaml:3:4: bad',
    );
  });

  it('anything else as it is, trimmed', () => {
    assert.equal(toolErrorText('  something odd happened\n'), 'something odd happened');
    assert.equal(toolErrorText(''), '');
  });
});
