import type { KubeObject } from '../manifests';
import type { EngineDiagnostic } from '../types';
import type { ValidationOptions } from './index';

export function validateSchema(_policy: KubeObject, _options: ValidationOptions): EngineDiagnostic[] {
  return [];
}
