// Expectations in a diff: the head's expectations evaluated in both versions, so a flip
// says what the change of the manifests did to them (an expectation edited or added in
// the head is judged by its head text in the base too). Only expectations whose status
// differs are listed: the unchanged ones are `netpol test`'s to report.
import { evaluateExpectation, ResolveContext, type ExpectationsFile } from '../expectations';
import type { DiffVersion, ExpectationFlip } from './model';

export function expectationFlips(
  before: DiffVersion,
  after: DiffVersion,
  files: readonly ExpectationsFile[],
): { flips: ExpectationFlip[]; evaluated: number } {
  const contexts = {
    before: new ResolveContext(before.analysis, before.workspace),
    after: new ResolveContext(after.analysis, after.workspace),
  };
  const flips: ExpectationFlip[] = [];
  let evaluated = 0;
  for (const file of files)
    for (const document of file.documents)
      for (const expectation of document.expectations) {
        evaluated++;
        const was = evaluateExpectation(expectation, contexts.before);
        const is = evaluateExpectation(expectation, contexts.after);
        if (was.status === is.status) continue;
        flips.push({ id: expectation.id, name: expectation.name, before: was.status, after: is.status, result: is, was });
      }
  return { flips, evaluated };
}
