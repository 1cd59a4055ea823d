// Machine-readable output: exactly {"diagnostics":[{file,line,column,endLine,endColumn,severity,code,message}]}, 1-based.
import type { Severity } from '../../engine/types';
import type { FileResult } from '../analyseFile';
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
  return `${JSON.stringify({ diagnostics }, null, 2)}\n`;
}
