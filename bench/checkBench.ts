// `netpol check` without the disk: every file into a fresh Workspace, then each file's
// diagnostics as check reports them (validation, then the workspace checks). Measured
// against the yardstick every tool pays: one pass of the `yaml` package over the same texts.
import * as YAML from 'yaml';
import { validateManifest } from '../server/src/engine/validate';
import { diagnosticsInWorkspace } from '../server/src/engine/validate/workspaceChecks';
import { Workspace } from '../server/src/engine/workspace';
import { median, report, time } from './stats';
import type { SyntheticWorkspace } from './syntheticWorkspace';

export function benchCheck(synthetic: SyntheticWorkspace, runs = 3): string[] {
  const parseMs: number[] = [];
  const checkMs: number[] = [];
  let findings = 0;
  for (let run = 0; run < runs; run++) {
    parseMs.push(
      time(() => {
        for (const text of synthetic.files.values()) for (const document of YAML.parseAllDocuments(text)) document.toJS();
      }).ms,
    );
    const { ms, value } = time(() => {
      const workspace = new Workspace();
      for (const [uri, text] of synthetic.files) workspace.setFile(uri, text);
      let count = 0;
      for (const uri of synthetic.files.keys()) {
        const manifest = workspace.manifest(uri)!;
        count += diagnosticsInWorkspace(validateManifest(manifest), manifest, workspace).length;
      }
      return count;
    });
    checkMs.push(ms);
    findings = value;
  }
  const parse = median(parseMs);
  const check = median(checkMs);
  return [
    `check (${synthetic.files.size} files, the same work as netpol check without reading the disk; ${findings} findings)`,
    report(`parse yardstick (yaml parseAllDocuments + toJS), median of ${runs}`, parse),
    report(`check with workspace checks, median of ${runs}`, check) + `  = ${(check / parse).toFixed(2)}× parse`,
  ];
}
