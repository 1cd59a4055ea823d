// Machine-readable output, 1-based: {"diagnostics":[{file,line,column,endLine,endColumn,severity,code,message}],
// "analysedFiles": n, "notAnalysed":[{file,reason,message,...}], "helmCharts":[{chart,name,chartFile,...}]} (docs/cli.md).
import type { Severity } from '../../engine/types';
import type { FileResult } from '../analyseFile';
import { describeNotAnalysed, type NotAnalysed } from '../notAnalysed';
import { oneBased } from './positions';
import type { UnrenderedChart } from '../unrenderedCharts';

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

/** A Helm chart not rendered, in `helmCharts`: paths as given, counts as NP0010 says them. */
export interface JsonHelmChart {
  chart: string;
  name: string;
  chartFile: string;
  networkPolicyTemplates: number;
  workloadTemplates: number;
  templateFiles: string[];
  rendered: false;
  reason: string;
  message: string;
}

export function formatJson(results: readonly FileResult[], charts: readonly UnrenderedChart[] = []): string {
  const diagnostics: JsonDiagnostic[] = results.flatMap((result) =>
    result.diagnostics.map((diagnostic) => ({
      file: result.file.displayPath,
      ...oneBased(diagnostic.range),
      severity: diagnostic.severity,
      code: diagnostic.code,
      message: diagnostic.message,
    })),
  );
  const notAnalysed: Array<{ file: string; message: string } & NotAnalysed> = results.flatMap((result) =>
    result.notAnalysed
      ? [{ file: result.file.displayPath, ...result.notAnalysed, message: describeNotAnalysed(result.notAnalysed) }]
      : [],
  );
  const helmCharts: JsonHelmChart[] = charts.map((chart) => ({
    chart: chart.path,
    name: chart.summary.name,
    chartFile: chart.chartFile,
    networkPolicyTemplates: chart.summary.networkPolicyTemplates,
    workloadTemplates: chart.summary.workloadTemplates,
    templateFiles: chart.templateFiles,
    rendered: false,
    reason: chart.reason,
    message: chart.message,
  }));
  const analysedFiles = results.length - notAnalysed.length;
  return `${JSON.stringify({ diagnostics, analysedFiles, notAnalysed, helmCharts }, null, 2)}\n`;
}
