// Helm charts: a folder holding `Chart.yaml` is a chart, and every file under its
// `templates/` folder (subfolders included) is a Go template Helm renders, not a
// manifest, even when its text happens to parse as YAML
// (helm.sh/docs/topics/charts/#the-chart-file-structure: "templates/ A directory of
// templates that, when combined with values, will generate valid Kubernetes manifest
// files"). Helm reads the chart file by this exact name only.
export const CHART_FILE_NAME = 'Chart.yaml';

/** The chart folder of a `Chart.yaml` file URI; undefined for any other file. */
export function chartFolderOf(uri: string): string | undefined {
  const slash = uri.lastIndexOf('/');
  return slash > 0 && uri.slice(slash + 1) === CHART_FILE_NAME ? uri.slice(0, slash) : undefined;
}

/** The chart a file is a template of: the folder above the nearest `templates` folder on its path that is a chart. */
export function chartOfTemplate(uri: string, isChart: (folderUri: string) => boolean): string | undefined {
  const segments = uri.split('/');
  for (let i = segments.length - 2; i > 0; i--) {
    if (segments[i] !== 'templates') continue;
    const folder = segments.slice(0, i).join('/');
    if (isChart(folder)) return folder;
  }
  return undefined;
}

/** The top-level `name:` of a Chart.yaml (helm.sh/docs/topics/charts/#the-chartyaml-file). */
export function chartNameOf(text: string): string | undefined {
  const match = /^name:[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s#][^\r\n#]*?))[ \t]*(?:#.*)?$/m.exec(text);
  const name = match && (match[1] ?? match[2] ?? match[3]);
  return name ? name : undefined;
}
