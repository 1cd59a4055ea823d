// Reachability expectations (`netpol test`, and the editor): reading the files and
// evaluating them on a reach analysis. What the adapters (and diff/) use.
export {
  DEFAULT_MAX_WITNESSES,
  EXPECTATIONS_API_VERSION,
  EXPECTATIONS_KIND,
  type EndpointModifiers,
  type EndpointSpec,
  type EnforcedAt,
  type EvaluateOptions,
  type ExpectKind,
  type Expectation,
  type ExpectationError,
  type ExpectationResult,
  type ExpectationStatus,
  type ExpectationsDocument,
  type ExpectationsFile,
  type PortSpec,
  type PortsSpec,
  type RefSpec,
  type Violation,
  type WitnessReason,
} from './model';
export {
  describeEndpoint,
  describeEndpoints,
  describePortsSpec,
  expectationsFiles,
  isExpectationsObject,
  readExpectationsFile,
} from './reader';
export { evaluateExpectation, evaluateExpectations, portForm, summarizeResults, type ExpectationsSummary } from './evaluate';
export { ResolveContext } from './endpoints';
export {
  detailLines,
  expectedText,
  failureMessage,
  headline,
  lensTitle,
  pairsLine,
  portFormText,
  reasonLine,
  resultCode,
  witnessLine,
} from './wording';
