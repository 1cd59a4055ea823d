// Usage errors: the command line itself is wrong (exit 2), as opposed to problems found in manifests (exit 1).

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  /** The command whose usage to point at, when the error belongs to one. */
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A build the command line asked for (-k, --helm) failed: an answer about connections
 * without its objects would be wrong, so the command stops (exit 2) with the tool's message.
 */
export class BuildFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildFailedError';
  }
}
