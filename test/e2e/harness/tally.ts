// How every editor-tier runner ends: the plain closing line CI reads, and the exit code.

export interface Tally {
  passed: number;
  failed: number;
}

/** Prints `N passed, N failed`; exits 0 only when tests ran and none failed. A runner that breaks counts as one failure. */
export function finishWithTally(run: Promise<Tally>): void {
  run.then(
    ({ passed, failed }) => {
      console.log(`${passed} passed, ${failed} failed`);
      process.exit(failed === 0 && passed > 0 ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
