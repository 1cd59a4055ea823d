// Machine-readable output, 1-based: {"diagnostics":[{file,line,column,endLine,endColumn,severity,code,message}],
// "analysedFiles": n, "notAnalysed":[{file,reason,message,...}]} (docs/cli.md).
import type { Severity } from '../../engine/types';
import type { FileResult } from '../analyseFile';
import { describeNotAnalysed, type NotAnalysed } from '../notAnalysed';
import { oneBased } from './positions';

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

export function formatJson(results: readonly FileResult[]): string {
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
  return `${JSON.stringify({ diagnostics, analysedFiles: results.length - notAnalysed.length, notAnalysed }, null, 2)}\n`;
}
