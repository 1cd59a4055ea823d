// What the API-server rule modules share: where to report and how to find ranges.
// Reading the decoded value without trusting its shape is `values.ts`.
import type { KubeObject } from '../manifests';
import type { KubernetesVersion } from '../kubernetesVersion';
import type { EngineDiagnostic, JsonPath, Range, Severity } from '../types';
import { makeDiagnostic } from '../diagnosticCodes';

export class RuleContext {
  readonly diagnostics: EngineDiagnostic[] = [];

  constructor(
    private readonly object: KubeObject,
    readonly version: KubernetesVersion,
  ) {}

  report(code: string, range: Range, message: string, severity?: Severity): void {
    this.diagnostics.push(makeDiagnostic(code, range, message, severity));
  }

  /** The value at `path` (or its nearest existing ancestor): where Invalid and Unsupported values are fixed. */
  valueRange(path: JsonPath): Range {
    return this.object.locate(path).valueRange;
  }

  /** The key at `path` when it exists, else the value or nearest ancestor: where Required and Forbidden fields are fixed. */
  keyRange(path: JsonPath): Range {
    const location = this.object.locate(path);
    return location.keyRange ?? location.valueRange;
  }
}
