// Files `check` collected but did not analyse, and why: said in every output, so a
// run never reports "no errors" over files it could not read.
export type NotAnalysed =
  /** Under the templates/ folder of a Helm chart; `chart` is the chart folder as the output prints paths. */
  | { reason: 'helm-template'; chart: string }
  /** A Go template action stands where YAML reads structure, on this 1-based line. */
  | { reason: 'go-template'; line: number }
  | { reason: 'too-large'; size: number; limit: number }
  | { reason: 'not-text'; detail: string }
  | { reason: 'unreadable'; detail: string }
  /** A symbolic link whose target does not exist; `target` as the link holds it. */
  | { reason: 'dangling-symlink'; target: string };

/** Why one file was not analysed, in words, with what to do about it where something can be done. */
export function describeNotAnalysed(notAnalysed: NotAnalysed): string {
  switch (notAnalysed.reason) {
    case 'helm-template':
      return `a template of the Helm chart ${notAnalysed.chart}: render the chart (helm template) and check the output`;
    case 'go-template':
      return `a Go template, not YAML (line ${notAnalysed.line} has a template action where YAML expects a value): render it and check the output`;
    case 'too-large':
      return `${notAnalysed.size} bytes, over the limit of ${notAnalysed.limit} (raise it with --max-file-size)`;
    case 'not-text':
      return notAnalysed.detail;
    case 'unreadable':
      return `could not be read: ${notAnalysed.detail}`;
    case 'dangling-symlink':
      return `a symbolic link to ${notAnalysed.target}, which does not exist`;
  }
}

/** The files a directory walk collects (isManifestFileName), for the notice that it found none. */
export const MANIFEST_FILE_KINDS = '.yaml, .yml, .json or Kustomization';
